package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/** Drives one operator with pages pulled from its input, following the operator protocol. */
final class OperatorStream implements PageStream {
  private final PageStream input;
  private final Operator operator;
  private final OperatorContext context;
  private boolean isInputFinished;
  private boolean isClosed;

  OperatorStream(PageStream input, Operator operator, OperatorContext context) {
    this.input = requireNonNull(input, "input is null");
    this.operator = requireNonNull(operator, "operator is null");
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  public @Nullable Page next() {
    while (true) {
      context.checkCancelled();
      Page output = operator.getOutput();
      if (output != null) {
        if (output.rowCount() > 0) {
          return output;
        }
        continue;
      }
      if (operator.isFinished()) {
        return null;
      }
      if (!isInputFinished && operator.needsInput()) {
        Page page = input.next();
        if (page == null) {
          isInputFinished = true;
          operator.finish();
        } else {
          operator.addInput(page);
        }
      } else if (!isInputFinished) {
        isInputFinished = true;
        operator.finish();
      }
    }
  }

  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      try {
        operator.close();
      } finally {
        input.close();
      }
    }
  }
}
