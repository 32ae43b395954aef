package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.function.LongPredicate;
import org.apache.calcite.rex.RexCall;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg_cancel_backend(pid)} and {@code pg_terminate_backend(pid [, timeout])} signal a client
 * session of this node; {@code cancel_query(query_id)} cancels a statement of any protocol by its
 * {@code system.queries} id. They act for each row when the query runs and answer true when the
 * session or statement exists, false (with a log line, where PostgreSQL warns) when it does not,
 * and NULL for a NULL argument. The sessions and statements are the ones the engine bound while
 * compiling ({@link CurrentSession#sessions()}, {@link CurrentSession#queries()}).
 */
final class SessionFunctions implements Expression {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFunctions.class);

  private final Expression target;
  private final LongPredicate signal;
  private final String what;

  private SessionFunctions(Expression target, LongPredicate signal, String what) {
    this.target = requireNonNull(target, "target is null");
    this.signal = requireNonNull(signal, "signal is null");
    this.what = requireNonNull(what, "what is null");
  }

  static @Nullable Expression compile(ExpressionCompiler compiler, RexCall call, String name) {
    SessionDirectory sessions = CurrentSession.sessions();
    LongPredicate signal;
    String what;
    switch (name) {
      case "PG_CANCEL_BACKEND" -> {
        signal = pid -> pid == (int) pid && sessions.cancel((int) pid);
        what = "PID";
      }
      case "PG_TERMINATE_BACKEND" -> {
        signal = pid -> pid == (int) pid && sessions.terminate((int) pid);
        what = "PID";
      }
      case "CANCEL_QUERY" -> {
        signal = CurrentSession.queries();
        what = "query_id";
      }
      default -> {
        return null;
      }
    }
    Expression target =
        ExpressionCompiler.coerce(
            compiler.compileNode(call.getOperands().get(0), DataType.BIGINT), DataType.BIGINT);
    return new SessionFunctions(target, signal, what);
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block targets = target.evaluate(page);
    int[] positions = Rows.positions(page);
    boolean[] nulls = Rows.union(page, targets.nulls(), null);
    boolean[] values = new boolean[page.positionCount()];
    for (int i = 0; i < page.rowCount(); i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      long id = ((LongBlock) targets).value(p);
      values[p] = signal.test(id);
      if (!values[p]) {
        LOG.info("{} {} is not running on this node", what, id);
      }
    }
    return new BooleanBlock(page.positionCount(), values, nulls);
  }
}
