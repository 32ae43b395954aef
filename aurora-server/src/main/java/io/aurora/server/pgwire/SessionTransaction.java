package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.PendingWrites;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The transaction state of one session, as PostgreSQL 15 keeps it, and the rows its block holds
 * ({@link PendingWrites}, committed with one write transaction). Used only on the session's thread.
 *
 * <pre>
 *   IDLE ──── BEGIN ───▶ BLOCK ──── error ────▶ FAILED ── statement ──▶ 25P02, stays FAILED
 *    ▲  ◀── COMMIT, ROLLBACK ─┘ ◀── ROLLBACK TO ──┘
 *    └───────────── ROLLBACK, COMMIT (which rolls back: tag ROLLBACK) ─┘
 *
 *   IDLE ── each statement of a Query of several ──▶ IMPLICIT ── end of the Query: commit ──▶ IDLE
 *                                                      │  ── error: roll back ──────────────▶ IDLE
 *                                                      └─ BEGIN ──▶ BLOCK (its rows with it)
 * </pre>
 *
 * <p>ReadyForQuery reports IDLE (and IMPLICIT, which never outlives its Query) as 'I', BLOCK as 'T'
 * and FAILED as 'E'. As in PostgreSQL, BEGIN in a block and COMMIT or ROLLBACK outside one succeed
 * with a WARNING; COMMIT or ROLLBACK in an implicit block ends it with that WARNING. Savepoints
 * mark a place in the block's rows: ROLLBACK TO drops the rows written after it and returns a
 * failed block to BLOCK; SAVEPOINT, RELEASE and ROLLBACK TO outside a block fail with 25P01.
 */
final class SessionTransaction {
  static final String IN_FAILED_BLOCK =
      "current transaction is aborted, commands ignored until end of transaction block";

  private enum State {
    IDLE,
    IMPLICIT,
    BLOCK,
    FAILED
  }

  private record Savepoint(String name, int mark) {}

  private final Catalog catalog;
  private final long maxBytes;
  private final List<Savepoint> savepoints = new ArrayList<>();
  private State state = State.IDLE;
  private @Nullable PendingWrites writes;

  /** A session's transaction state over {@code catalog}; a block holds up to {@code maxBytes}. */
  SessionTransaction(Catalog catalog, long maxBytes) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.maxBytes = maxBytes;
  }

  /** The status byte of ReadyForQuery. */
  char status() {
    return switch (state) {
      case IDLE, IMPLICIT -> 'I';
      case BLOCK -> 'T';
      case FAILED -> 'E';
    };
  }

  /** Where a statement's writes go now: the block's rows, or null to commit on its own. */
  @Nullable PendingWrites writes() {
    return writes;
  }

  /** Whether the session runs the statements of a Query of several as one implicit block. */
  boolean isImplicit() {
    return state == State.IMPLICIT;
  }

  /**
   * Fails with 25P02 in a failed block: only a statement that ends the block, or goes back to a
   * savepoint ({@code isExit}), may run there.
   */
  void checkCanRun(boolean isExit) {
    if (state == State.FAILED && !isExit) {
      throw new AuroraException(ErrorCode.IN_FAILED_SQL_TRANSACTION, IN_FAILED_BLOCK);
    }
  }

  /**
   * Fails with 25001 in a block, explicit or implicit, for a statement PostgreSQL runs only outside
   * one.
   */
  void preventInBlock(String command) {
    if (state == State.BLOCK || state == State.IMPLICIT) {
      throw new AuroraException(
          ErrorCode.ACTIVE_SQL_TRANSACTION, command + " cannot run inside a transaction block");
    }
  }

  /** Before each statement of a Query of several: outside a block, they share an implicit one. */
  void startImplicit() {
    if (state == State.IDLE) {
      state = State.IMPLICIT;
      writes = new PendingWrites(maxBytes);
    }
  }

  /** At the end of a Query of several: commits the implicit block's rows, if any. */
  void endImplicit() {
    if (state == State.IMPLICIT) {
      end().commit(catalog);
    }
  }

  /**
   * Before a statement that changes the catalog in an implicit block: Aurora's catalog changes are
   * not transactional, so the rows written before it are committed first and the statement runs on
   * its own; the block goes on for the statements after it.
   */
  void commitImplicitWrites() {
    if (state == State.IMPLICIT) {
      requireNonNull(writes, "writes").commit(catalog);
    }
  }

  /**
   * After a statement failed: a block becomes FAILED (its rows stay for ROLLBACK TO), an implicit
   * block is rolled back.
   */
  void fail() {
    if (state == State.BLOCK) {
      state = State.FAILED;
    } else if (state == State.IMPLICIT) {
      end().discard();
    }
  }

  /** The connection closed: whatever the block holds is discarded. */
  void close() {
    if (state != State.IDLE) {
      end().discard();
    }
  }

  StatementOutcome.Command begin(String tag) {
    checkCanRun(false);
    if (state == State.BLOCK) {
      return warning(
          tag, ErrorCode.ACTIVE_SQL_TRANSACTION, "there is already a transaction in progress");
    }
    if (state == State.IDLE) {
      writes = new PendingWrites(maxBytes);
    }
    state = State.BLOCK;
    return new StatementOutcome.Command(tag);
  }

  /**
   * COMMIT: writes the block's rows with one write transaction; a failed block is rolled back
   * instead (tag ROLLBACK). A commit that fails ends the block too, with nothing written.
   */
  StatementOutcome.Command commit() {
    return switch (state) {
      case IDLE -> noTransaction("COMMIT");
      case IMPLICIT -> {
        end().commit(catalog);
        yield noTransaction("COMMIT");
      }
      case BLOCK -> {
        end().commit(catalog);
        yield new StatementOutcome.Command("COMMIT");
      }
      case FAILED -> {
        end().discard();
        yield new StatementOutcome.Command("ROLLBACK");
      }
    };
  }

  StatementOutcome.Command rollback() {
    if (state == State.IDLE) {
      return noTransaction("ROLLBACK");
    }
    boolean isImplicit = state == State.IMPLICIT;
    end().discard();
    return isImplicit ? noTransaction("ROLLBACK") : new StatementOutcome.Command("ROLLBACK");
  }

  StatementOutcome.Command savepoint(String name) {
    checkCanRun(false);
    PendingWrites current = inBlock("SAVEPOINT");
    savepoints.add(new Savepoint(name, current.mark()));
    return new StatementOutcome.Command("SAVEPOINT");
  }

  /** RELEASE: forgets the savepoint and every one set after it; their rows stay. */
  StatementOutcome.Command release(String name) {
    checkCanRun(false);
    inBlock("RELEASE SAVEPOINT");
    int index = indexOf(name);
    savepoints.subList(index, savepoints.size()).clear();
    return new StatementOutcome.Command("RELEASE");
  }

  /** ROLLBACK TO: drops the rows written since the savepoint, which stays, and any set after it. */
  StatementOutcome.Command rollbackTo(String name) {
    PendingWrites current = inBlock("ROLLBACK TO SAVEPOINT");
    int index = indexOf(name);
    current.rollbackTo(savepoints.get(index).mark());
    savepoints.subList(index + 1, savepoints.size()).clear();
    state = State.BLOCK;
    return new StatementOutcome.Command("ROLLBACK");
  }

  private PendingWrites inBlock(String command) {
    if (state != State.BLOCK && state != State.FAILED) {
      throw new AuroraException(
          ErrorCode.NO_ACTIVE_SQL_TRANSACTION, command + " can only be used in transaction blocks");
    }
    return requireNonNull(writes, "writes");
  }

  /** The index of the latest savepoint of that name; 3B001 when there is none. */
  private int indexOf(String name) {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i).name().equals(name)) {
        return i;
      }
    }
    throw new PgSessionException("3B001", "savepoint \"" + name + "\" does not exist");
  }

  /** Ends the block or implicit block: back to IDLE; returns its rows for the caller to commit. */
  private PendingWrites end() {
    PendingWrites ended = requireNonNull(writes, "writes");
    writes = null;
    savepoints.clear();
    state = State.IDLE;
    return ended;
  }

  private static StatementOutcome.Command noTransaction(String tag) {
    return warning(tag, ErrorCode.NO_ACTIVE_SQL_TRANSACTION, "there is no transaction in progress");
  }

  private static StatementOutcome.Command warning(String tag, ErrorCode code, String message) {
    return new StatementOutcome.Command(
        tag, new CommandResult.Notice("WARNING", code.sqlState(), message));
  }
}
