package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.copy.CopyStatement;
import io.aurora.server.pgwire.copy.CopyStatementParser;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.SessionActivity;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.PendingWrites;
import io.aurora.sql.engine.PreparedQuery;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session after startup: its settings and the statements it runs. Messages arrive from
 * the event loop through {@link #submit} and run one at a time, in order, on the server's session
 * executor, so a long statement blocks neither the event loop nor other sessions, and a
 * CancelRequest from another connection can reach it ({@link #cancel()}). Results are written by
 * the {@link SessionWriter}, which waits while the client does not read; the extended query
 * protocol is in {@link ExtendedQuery} and COPY in {@link CopyHandler}.
 *
 * <p>The session's transaction state and its block's rows are in {@link SessionTransaction}: a
 * statement in a block writes to the block and reads its rows, the statements of a simple Query of
 * several run as one implicit block, and every error fails the block. In the extended protocol a
 * statement outside a block commits when its Execute completes (PostgreSQL commits at the next
 * Sync). After an error in an extended-query message the session discards messages until Sync, as
 * PostgreSQL does. During COPY FROM STDIN the session stops reading the socket while more than
 * {@value #COPY_HIGH_WATER_BYTES} bytes of CopyData wait to be parsed, so a fast client cannot fill
 * the heap.
 */
final class PgSession {
  private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);
  static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*EXPLAIN\\b.*");
  private static final long COPY_HIGH_WATER_BYTES = 8 << 20;
  private static final long COPY_LOW_WATER_BYTES = 2 << 20;

  /** PostgreSQL's SQLSTATE for a session ended by {@code pg_terminate_backend}. */
  private static final String ADMIN_SHUTDOWN = "57P01";

  private final int processId;
  private final int secretKey;
  private final Channel channel;
  private final SqlEngine engine;
  private final Executor executor;
  private final SessionSettings settings;
  private final SessionWriter writer;
  private final ExtendedQuery extended;
  private final CopyHandler copy;
  private final SessionTransaction transaction;
  private final Queue<FrontendMessage> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean isScheduled = new AtomicBoolean();
  private final AtomicLong pendingCopyBytes = new AtomicLong();
  private volatile @Nullable AtomicBoolean runningStatement;
  private volatile boolean isClosed;
  private volatile boolean isTerminating;
  // What pg_stat_activity shows: written by the session's thread, read by any.
  private final long backendStartMicros = nowMicros();
  private volatile @Nullable String query;
  private volatile long queryStartMicros = -1;
  private volatile long stateChangeMicros = backendStartMicros;
  private volatile boolean isActive;
  private volatile char transactionStatus = 'I';
  private volatile long transactionStartMicros = -1;
  private boolean isIgnoringUntilSync;
  private @Nullable List<String> statementsAfterCopy;
  private boolean isImplicitAfterCopy;

  /** The catalog role the session logged in as, or null for a bootstrap identity. */
  private final @Nullable String loginRole;

  PgSession(
      int processId,
      int secretKey,
      Channel channel,
      SqlEngine engine,
      Executor executor,
      SessionSettings settings,
      TransactionConfig transactionConfig) {
    this.processId = processId;
    this.secretKey = secretKey;
    this.channel = requireNonNull(channel, "channel is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.writer = new SessionWriter(processId, channel);
    this.extended = new ExtendedQuery(this, writer);
    this.copy = new CopyHandler(processId, writer, engine);
    this.transaction = new SessionTransaction(engine.catalog(), transactionConfig.maxBytes());
    // Created on the network event loop, which must not wait.
    this.loginRole = engine.catalog().accessNow().role(user()) != null ? user() : null;
  }

  private String user() {
    return String.valueOf(settings.value("session_authorization"));
  }

  /**
   * Whether the session logged in as a role of the catalog that has since been dropped: it ends
   * before its next message, on whichever node the DROP ROLE ran.
   */
  private boolean isLoginRoleDropped() {
    return loginRole != null && engine.catalog().access().role(loginRole) == null;
  }

  int processId() {
    return processId;
  }

  int secretKey() {
    return secretKey;
  }

  SessionSettings settings() {
    return settings;
  }

  SessionTransaction transaction() {
    return transaction;
  }

  /** Whether the session is handling messages now (a statement, or a message queued for it). */
  boolean isBusy() {
    return isScheduled.get();
  }

  /** Queues a message; called on the event loop. */
  void submit(FrontendMessage message) {
    if (message instanceof FrontendMessage.CopyData data
        && pendingCopyBytes.addAndGet(data.data().length) > COPY_HIGH_WATER_BYTES) {
      // Before queueing: the drain that takes this message turns reading back on after this.
      channel.config().setAutoRead(false);
    }
    inbox.add(message);
    schedule();
  }

  /** Cancels the statement running now, if any; called from the connection of a CancelRequest. */
  void cancel() {
    AtomicBoolean running = runningStatement;
    if (running != null) {
      running.set(true);
    }
  }

  /**
   * Ends the session on an administrator's request ({@code pg_terminate_backend}): cancels the
   * running statement, and the session's thread then sends FATAL 57P01 and closes the connection;
   * the open transaction block is discarded as for any closed connection.
   */
  void terminate() {
    isTerminating = true;
    cancel();
    schedule();
  }

  /** Ends the session when its connection closed: cancels the running statement. */
  void close() {
    isClosed = true;
    cancel();
    schedule();
    writer.close();
  }

  void onWritabilityChanged() {
    writer.onWritabilityChanged();
  }

  private void schedule() {
    if (isScheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      FrontendMessage message;
      while (!isClosed && !isTerminating && (message = inbox.poll()) != null) {
        if (isLoginRoleDropped()) {
          LOG.info("Session[{}] of dropped role[{}] ends", processId, loginRole);
          isTerminating = true;
          break;
        }
        handle(message);
        if (message instanceof FrontendMessage.CopyData data
            && pendingCopyBytes.addAndGet(-data.data().length) < COPY_LOW_WATER_BYTES
            && !channel.config().isAutoRead()) {
          channel.config().setAutoRead(true);
        }
      }
      if (isTerminating && !isClosed) {
        isClosed = true;
        writer.send(
            BackendMessages.errorResponse(
                writer.alloc(),
                "FATAL",
                ADMIN_SHUTDOWN,
                "terminating connection due to administrator command",
                0));
        writer
            .channel()
            .writeAndFlush(Unpooled.EMPTY_BUFFER)
            .addListener(ChannelFutureListener.CLOSE);
      }
      if (isClosed) {
        inbox.clear();
        copy.abortCopyIn();
        extended.closeAllPortals();
        transaction.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("Connection[{}] failed: {}", processId, e.getClass().getName());
      LOG.debug("Connection[{}] failure", processId, e);
      copy.abortCopyIn();
      channel.close();
    } catch (Error e) {
      // A linkage error or a stack overflow in one statement: the client gets an error and the
      // connection ends, instead of a session that silently lost a message.
      LOG.error("Connection[{}] failed", processId, e);
      copy.abortCopyIn();
      writer.sendError(
          new AuroraException(
              ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getName(), e));
      writer.flush();
      channel.close();
      if (e instanceof VirtualMachineError) {
        throw e;
      }
    } finally {
      isScheduled.set(false);
      if (!inbox.isEmpty() || (isClosed && (extended.hasPortals() || copy.isCopyingIn()))) {
        schedule();
      }
    }
  }

  private void handle(FrontendMessage message) {
    if (copy.isCopyingIn()) {
      CopyHandler.Step step = copy.accept(message);
      if (step != CopyHandler.Step.RUNNING) {
        endCopyIn(step);
      }
      return;
    }
    if (message instanceof FrontendMessage.Terminate) {
      channel.close();
      return;
    }
    if (message instanceof FrontendMessage.Query query) {
      simpleQuery(query.sql());
      return;
    }
    if (message instanceof FrontendMessage.Sync) {
      isIgnoringUntilSync = false;
      extended.sync();
      readyForQuery();
      return;
    }
    if (message instanceof FrontendMessage.Flush) {
      writer.flush();
      return;
    }
    if (message instanceof FrontendMessage.CopyData
        || message instanceof FrontendMessage.CopyDone
        || message instanceof FrontendMessage.CopyFail) {
      // Left over from a COPY that failed while the client was still sending: PostgreSQL
      // ignores these too.
      return;
    }
    if (isIgnoringUntilSync) {
      return;
    }
    try {
      extended.handle(message);
    } catch (RuntimeException e) {
      writer.sendError(e);
      transaction.fail();
      isIgnoringUntilSync = true;
    }
  }

  private void readyForQuery() {
    char status = transaction.status();
    if (status == 'I') {
      transactionStartMicros = -1;
    } else if (transactionStatus == 'I') {
      transactionStartMicros = queryStartMicros; // the statement that opened the block
    }
    transactionStatus = status;
    writer.send(BackendMessages.readyForQuery(writer.alloc(), status));
    writer.flush();
  }

  private void simpleQuery(String sql) {
    List<String> parts = StatementSplitter.split(sql);
    if (parts.isEmpty()) {
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
    }
    runStatements(parts, parts.size() > 1);
  }

  /**
   * Runs the statements of a simple query in order, stopping at the first error, then sends
   * ReadyForQuery; a COPY FROM STDIN pauses the rest until its CopyDone. With {@code isImplicit} (a
   * Query of several statements) those outside a block run as one implicit block, committed at the
   * end, as in PostgreSQL.
   */
  private void runStatements(List<String> parts, boolean isImplicit) {
    for (int i = 0; i < parts.size(); i++) {
      if (isImplicit) {
        transaction.startImplicit();
      }
      AtomicBoolean isCancelled = new AtomicBoolean();
      startStatement(isCancelled, parts.get(i));
      try {
        StatementOutcome outcome = run(parts.get(i), isCancelled);
        if (outcome instanceof StatementOutcome.Rows rows) {
          try (ResultRows result = rows.rows()) {
            short[] formats = new short[result.names().size()];
            writer.send(
                BackendMessages.rowDescription(
                    writer.alloc(), result.names(), result.types(), formats));
            long count = writer.sendRows(result, formats, 0);
            writer.send(
                BackendMessages.commandComplete(writer.alloc(), result.tag() + " " + count));
          }
        } else if (outcome instanceof StatementOutcome.Command command) {
          writer.sendCommandComplete(command);
        } else if (outcome instanceof StatementOutcome.Copy copyOutcome) {
          if (executeCopy(
              copyOutcome.statement(), isCancelled, parts.subList(i + 1, parts.size()))) {
            isImplicitAfterCopy = isImplicit;
            return;
          }
        } else {
          writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
        }
      } catch (RuntimeException e) {
        writer.sendError(e);
        transaction.fail();
        break;
      } finally {
        endStatement();
      }
    }
    endQuery();
  }

  /** The end of a simple query: its implicit block, if any, commits; then ReadyForQuery. */
  private void endQuery() {
    try {
      transaction.endImplicit();
    } catch (RuntimeException e) {
      writer.sendError(e);
    }
    readyForQuery();
  }

  /**
   * Runs one statement: COPY and session statements here, anything else on the engine. A COPY is
   * only parsed; {@link #executeCopy} carries it out.
   */
  StatementOutcome run(String sql, AtomicBoolean isCancelled) {
    if (sql.isBlank()) {
      return new StatementOutcome.Empty();
    }
    transaction.checkCanRun(TransactionStatements.isExit(SessionStatements.strip(sql)));
    CopyStatement copyStatement = CopyStatementParser.tryParse(sql);
    if (copyStatement != null) {
      return new StatementOutcome.Copy(copyStatement);
    }
    StatementOutcome session = SessionStatements.tryRun(sql, this);
    if (session != null) {
      return session;
    }
    PendingWrites writes = transaction.writes();
    String catalogChange = writes == null ? null : engine.catalogChange(sql);
    if (catalogChange != null) {
      // Catalog changes are not transactional: one runs at once, outside the block. In an
      // implicit transaction it first commits the writes before it (MySQL's implicit commit);
      // an explicit block keeps its writes for its COMMIT and is told with a WARNING, so that
      // clients that open a block before every statement (psycopg2, pandas, migrations) work.
      if (transaction.isImplicit()) {
        transaction.commitImplicitWrites();
        catalogChange = null;
      }
      writes = null;
    }
    StatementResult result = engine.execute(sql, isCancelled, settings.statementTimeout(), writes);
    if (result instanceof QueryResult query) {
      String tag = EXPLAIN.matcher(sql).matches() ? "EXPLAIN" : "SELECT";
      return new StatementOutcome.Rows(ResultRows.of(query, tag));
    }
    CommandResult command = (CommandResult) result;
    CommandResult.Notice notice = command.notice();
    if (catalogChange != null && notice == null) {
      notice =
          new CommandResult.Notice(
              "WARNING",
              "01000",
              catalogChange
                  + " took effect at once, outside the transaction block: Aurora's catalog"
                  + " changes are not transactional, and ROLLBACK does not undo it");
    }
    return new StatementOutcome.Command(command.commandTag(), notice);
  }

  /**
   * Carries out a COPY. Returns true when it started a COPY FROM STDIN, which now waits for the
   * client's CopyData; {@code remaining} are the statements of the simple query that follow it, or
   * null for an extended-protocol Execute.
   */
  boolean executeCopy(
      CopyStatement statement, AtomicBoolean isCancelled, @Nullable List<String> remaining) {
    if (statement.isFromStdin()) {
      copy.startCopyIn(statement, isCancelled, transaction.writes());
      statementsAfterCopy = remaining;
      return true;
    }
    long count = copy.run(statement, isCancelled, transaction.writes());
    writer.send(BackendMessages.commandComplete(writer.alloc(), "COPY " + count));
    return false;
  }

  /** Runs a query planned once with its parameters' values (as text, null for NULL). */
  StatementOutcome run(
      PreparedQuery prepared, List<@Nullable String> values, AtomicBoolean isCancelled) {
    transaction.checkCanRun(false);
    return new StatementOutcome.Rows(
        ResultRows.of(
            engine.execute(
                prepared, values, isCancelled, settings.statementTimeout(), transaction.writes()),
            "SELECT"));
  }

  SqlEngine engine() {
    return engine;
  }

  /** After a COPY FROM STDIN ended: go on with the simple query, or wait for Sync. */
  private void endCopyIn(CopyHandler.Step step) {
    List<String> remaining = statementsAfterCopy;
    statementsAfterCopy = null;
    endStatement();
    if (step == CopyHandler.Step.CLOSED) {
      return;
    }
    boolean isSucceeded = step == CopyHandler.Step.SUCCEEDED;
    if (!isSucceeded) {
      transaction.fail();
    }
    if (remaining == null) {
      isIgnoringUntilSync = !isSucceeded;
      writer.flush();
    } else if (isSucceeded) {
      runStatements(remaining, isImplicitAfterCopy);
    } else {
      endQuery();
    }
  }

  void startStatement(AtomicBoolean isCancelled, String sql) {
    runningStatement = isCancelled;
    CurrentSession.enter(new CurrentSession.Client("pgwire", processId, user(), clientAddress()));
    long now = nowMicros();
    query = sql;
    queryStartMicros = now;
    stateChangeMicros = now;
    isActive = true;
  }

  /** The statement ended; a COPY FROM STDIN stays cancellable while it waits for data. */
  void endStatement() {
    CurrentSession.leave();
    runningStatement = copy.cancelFlag();
    isActive = copy.cancelFlag() != null;
    stateChangeMicros = nowMicros();
  }

  private static long nowMicros() {
    return java.time.temporal.ChronoUnit.MICROS.between(
        java.time.Instant.EPOCH, java.time.Instant.now());
  }

  private @Nullable String clientAddress() {
    return channel.remoteAddress() instanceof java.net.InetSocketAddress inet
        ? inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress()
        : null;
  }

  /** What {@code pg_stat_activity} shows of this session now. */
  SessionActivity activity() {
    String address = clientAddress();
    int port =
        channel.remoteAddress() instanceof java.net.InetSocketAddress inet ? inet.getPort() : -1;
    char status = transactionStatus;
    String state =
        isActive
            ? "active"
            : switch (status) {
              case 'T' -> "idle in transaction";
              case 'E' -> "idle in transaction (aborted)";
              default -> "idle";
            };
    long transactionStart =
        status != 'I' ? transactionStartMicros : isActive ? queryStartMicros : -1;
    return new SessionActivity(
        processId,
        String.valueOf(settings.value("session_authorization")),
        String.valueOf(settings.value("application_name")),
        address,
        port,
        backendStartMicros,
        transactionStart,
        queryStartMicros,
        stateChangeMicros,
        state,
        query);
  }

  void reportParameter(String name) {
    String value = settings.value(name);
    for (String reported : SessionSettings.REPORTED) {
      if (reported.equalsIgnoreCase(name) && value != null) {
        writer.send(BackendMessages.parameterStatus(writer.alloc(), reported, value));
      }
    }
  }

  void closeNamedPortals() {
    extended.closeNamedPortals();
  }

  void discardAll() {
    extended.discardAll();
    settings.resetAll();
  }

  void deallocate(String name) {
    extended.deallocate(name);
  }

  void deallocateAll() {
    extended.deallocateAll();
  }

  static String describe(FrontendMessage message) {
    return message instanceof FrontendMessage.Unsupported unsupported
        ? String.valueOf(unsupported.type())
        : message.getClass().getSimpleName();
  }
}
