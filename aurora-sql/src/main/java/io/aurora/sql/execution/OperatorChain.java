package io.aurora.sql.execution;

import io.aurora.sql.operator.Operator;
import io.aurora.storage.block.Page;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Operators that each feed the next, driven by pushing pages in; what the last one puts out goes to
 * a sink. One thread drives a chain: a worker of a parallel scan, or a query fragment running for
 * another node. The caller closes the operators.
 */
final class OperatorChain {
  private final List<Operator> operators;
  private final Consumer<Page> sink;

  OperatorChain(List<Operator> operators, Consumer<Page> sink) {
    this.operators = List.copyOf(operators);
    this.sink = sink;
  }

  /**
   * Pushes a page into the operator at {@code index} ({@code operators.size()}: straight to the
   * sink) and everything its output reaches; empty pages go nowhere.
   */
  void push(int index, Page page) {
    if (page.rowCount() == 0) {
      return;
    }
    if (index == operators.size()) {
      sink.accept(page);
      return;
    }
    Operator operator = operators.get(index);
    operator.addInput(page);
    for (Page output = operator.getOutput(); output != null; output = operator.getOutput()) {
      push(index + 1, output);
    }
  }

  /**
   * Finishes the operators in order, pushing on what each still holds, until {@code isStopped} says
   * the output is no longer wanted.
   */
  void finish(BooleanSupplier isStopped) {
    for (int i = 0; i < operators.size() && !isStopped.getAsBoolean(); i++) {
      Operator operator = operators.get(i);
      operator.finish();
      while (!operator.isFinished()) {
        Page output = operator.getOutput();
        if (output == null) {
          break;
        }
        push(i + 1, output);
      }
    }
  }
}
