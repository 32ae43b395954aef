package io.aurora.sql.operator.testing;

import io.aurora.sql.operator.Operator;
import io.aurora.storage.block.Page;
import java.util.ArrayList;
import java.util.List;

/**
 * Drives an {@link Operator} over a list of input pages the way a driver does (addInput while it
 * needs input, getOutput after every call, finish, then getOutput until finished) and collects its
 * output. The operator is closed afterwards, also on failure.
 */
public final class OperatorRunner {
  private static final int MAX_IDLE_CALLS = 1_000_000;

  private OperatorRunner() {}

  public static List<Page> run(Operator operator, List<Page> input) {
    List<Page> output = new ArrayList<>();
    try (operator) {
      for (Page page : input) {
        int idle = 0;
        while (!operator.needsInput()) {
          if (!collect(operator, output) && ++idle > MAX_IDLE_CALLS) {
            throw new AssertionError("operator neither needs input nor produces output");
          }
        }
        operator.addInput(page);
        collect(operator, output);
      }
      operator.finish();
      int idle = 0;
      while (!operator.isFinished()) {
        if (!collect(operator, output) && ++idle > MAX_IDLE_CALLS) {
          throw new AssertionError("operator does not finish");
        }
      }
      collect(operator, output);
    }
    return output;
  }

  private static boolean collect(Operator operator, List<Page> output) {
    Page page = operator.getOutput();
    if (page == null) {
      return false;
    }
    output.add(page);
    return true;
  }
}
