package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BooleanBlock;
import io.aurora.storage.block.IntBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import org.apache.calcite.rex.RexCall;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pg_cancel_backend(pid)} and {@code pg_terminate_backend(pid [, timeout])}: signal a client
 * session of this node, for each row, when the query runs. They answer true when the session
 * exists, false (with a log line, where PostgreSQL warns) when it does not, and NULL for a NULL
 * pid. The sessions are the ones the engine bound while compiling ({@link
 * CurrentSession#sessions()}).
 */
final class SessionFunctions implements Expression {
  private static final Logger LOG = LoggerFactory.getLogger(SessionFunctions.class);

  private final Expression pid;
  private final boolean isTerminate;
  private final SessionDirectory sessions;

  private SessionFunctions(Expression pid, boolean isTerminate, SessionDirectory sessions) {
    this.pid = requireNonNull(pid, "pid is null");
    this.isTerminate = isTerminate;
    this.sessions = requireNonNull(sessions, "sessions is null");
  }

  static @Nullable Expression compile(ExpressionCompiler compiler, RexCall call, String name) {
    boolean isTerminate;
    switch (name) {
      case "PG_CANCEL_BACKEND" -> isTerminate = false;
      case "PG_TERMINATE_BACKEND" -> isTerminate = true;
      default -> {
        return null;
      }
    }
    Expression pid =
        ExpressionCompiler.coerce(
            compiler.compileNode(call.getOperands().get(0), DataType.INTEGER), DataType.INTEGER);
    return new SessionFunctions(pid, isTerminate, CurrentSession.sessions());
  }

  @Override
  public DataType type() {
    return DataType.BOOLEAN;
  }

  @Override
  public Block evaluate(Page page) {
    Block pids = pid.evaluate(page);
    int[] positions = Rows.positions(page);
    boolean[] nulls = Rows.union(page, pids.nulls(), null);
    boolean[] values = new boolean[page.positionCount()];
    for (int i = 0; i < page.rowCount(); i++) {
      int p = positions[i];
      if (nulls != null && nulls[p]) {
        continue;
      }
      int target = ((IntBlock) pids).value(p);
      values[p] = isTerminate ? sessions.terminate(target) : sessions.cancel(target);
      if (!values[p]) {
        LOG.info("PID {} is not a session of this node", target);
      }
    }
    return new BooleanBlock(page.positionCount(), values, nulls);
  }
}
