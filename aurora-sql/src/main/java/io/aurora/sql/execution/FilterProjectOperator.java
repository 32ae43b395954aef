package io.aurora.sql.execution;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.expression.Expression;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.Operator;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Applies an optional filter and then a list of projections to each page. Filtering only narrows
 * the page's selection vector, and a projection that is an input reference passes the input block
 * through, so a scan followed by a filter and a column subset copies nothing.
 */
public final class FilterProjectOperator implements Operator {
  private final OperatorContext context;
  private final @Nullable Expression filter;
  private final List<Expression> projections;
  private @Nullable Page output;
  private boolean isFinishing;

  public FilterProjectOperator(
      OperatorContext context, @Nullable Expression filter, List<Expression> projections) {
    this.context = requireNonNull(context, "context is null");
    this.filter = filter;
    this.projections = List.copyOf(projections);
  }

  @Override
  public boolean needsInput() {
    return output == null && !isFinishing;
  }

  @Override
  public void addInput(Page page) {
    context.checkCancelled();
    Page filtered = page;
    if (filter != null) {
      int[] selection = new int[page.rowCount()];
      int count = ExpressionCompiler.filter(filter, page, selection);
      if (count == 0) {
        return;
      }
      filtered = count == page.rowCount() ? page : page.withSelection(selection, count);
    }
    Block[] blocks = new Block[projections.size()];
    for (int i = 0; i < blocks.length; i++) {
      blocks[i] = projections.get(i).evaluate(filtered);
    }
    Page projected = new Page(filtered.positionCount(), blocks);
    int[] selection = filtered.selection();
    output =
        selection == null
            ? projected
            : projected.withSelection(selection, filtered.selectedCount());
  }

  @Override
  public @Nullable Page getOutput() {
    Page page = output;
    output = null;
    return page;
  }

  @Override
  public void finish() {
    isFinishing = true;
  }

  @Override
  public boolean isFinished() {
    return isFinishing && output == null;
  }
}
