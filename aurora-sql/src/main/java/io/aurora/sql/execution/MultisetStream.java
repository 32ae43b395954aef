package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.operator.MultisetOperator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Drives a {@link MultisetOperator} (INTERSECT ALL, EXCEPT ALL): it reads the inputs one after
 * another, telling the operator where each ends, and stops reading as soon as the operator needs no
 * more input (the result is already empty); then it returns the operator's output.
 */
final class MultisetStream implements PageStream {
  private final List<PageStream> inputs;
  private final MultisetOperator operator;
  private final OperatorContext context;
  private int current;
  private boolean isClosed;

  MultisetStream(List<PageStream> inputs, MultisetOperator operator, OperatorContext context) {
    this.inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    this.operator = requireNonNull(operator, "operator is null");
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  public @Nullable Page next() {
    while (current < inputs.size()) {
      context.checkCancelled();
      if (!operator.needsInput()) {
        current = inputs.size();
        break;
      }
      Page page = inputs.get(current).next();
      if (page != null) {
        operator.addInput(page);
      } else if (++current < inputs.size()) {
        operator.endInput();
      }
    }
    operator.finish();
    while (!operator.isFinished()) {
      Page output = operator.getOutput();
      if (output != null && output.rowCount() > 0) {
        return output;
      }
    }
    return null;
  }

  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      try {
        operator.close();
      } finally {
        for (PageStream input : inputs) {
          input.close();
        }
      }
    }
  }
}
