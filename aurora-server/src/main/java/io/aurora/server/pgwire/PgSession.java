package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.FrontendMessage.Bind;
import io.aurora.server.pgwire.FrontendMessage.Close;
import io.aurora.server.pgwire.FrontendMessage.Describe;
import io.aurora.server.pgwire.FrontendMessage.Execute;
import io.aurora.server.pgwire.FrontendMessage.Parse;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCategory;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client session after startup: its settings, prepared statements and portals, and the
 * statements it runs. Messages arrive from the event loop through {@link #submit} and run one at a
 * time, in order, on the server's session executor, so a long statement blocks neither the event
 * loop nor other sessions, and a CancelRequest from another connection can reach it ({@link
 * #cancel()}). Results are written to the channel page by page; when the channel's outbound buffer
 * is full the session waits until the client reads.
 *
 * <p>After an error in an extended-query message the session discards messages until Sync, as
 * PostgreSQL does. The unnamed portal is closed at Sync; named portals live until Close, COMMIT,
 * ROLLBACK or DISCARD ALL (pgjdbc's cursor-mode fetches use them across Syncs).
 */
final class PgSession {
  private static final Logger LOG = LoggerFactory.getLogger(PgSession.class);
  private static final int BATCH_BYTES = 64 * 1024;
  private static final Pattern QUERY_START =
      Pattern.compile("(?is)^[\\s(]*(SELECT|WITH|VALUES|TABLE|SHOW|DESCRIBE)\\b.*");
  private static final Pattern EXPLAIN = Pattern.compile("(?is)^\\s*EXPLAIN\\b.*");

  private final int processId;
  private final int secretKey;
  private final Channel channel;
  private final SqlEngine engine;
  private final Executor executor;
  private final SessionSettings settings;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();
  private final Queue<FrontendMessage> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean isScheduled = new AtomicBoolean();
  private final Object writability = new Object();
  private volatile @Nullable AtomicBoolean runningStatement;
  private volatile boolean isClosed;
  private boolean isIgnoringUntilSync;

  PgSession(
      int processId,
      int secretKey,
      Channel channel,
      SqlEngine engine,
      Executor executor,
      SessionSettings settings) {
    this.processId = processId;
    this.secretKey = secretKey;
    this.channel = requireNonNull(channel, "channel is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.executor = requireNonNull(executor, "executor is null");
    this.settings = requireNonNull(settings, "settings is null");
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

  /** Whether the session is handling messages now (a statement, or a message queued for it). */
  boolean isBusy() {
    return isScheduled.get();
  }

  /** Queues a message; called on the event loop. */
  void submit(FrontendMessage message) {
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

  /** Ends the session when its connection closed: cancels the running statement. */
  void close() {
    isClosed = true;
    cancel();
    schedule();
    onWritabilityChanged();
  }

  void onWritabilityChanged() {
    synchronized (writability) {
      writability.notifyAll();
    }
  }

  private void schedule() {
    if (isScheduled.compareAndSet(false, true)) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    try {
      FrontendMessage message;
      while (!isClosed && (message = inbox.poll()) != null) {
        handle(message);
      }
      if (isClosed) {
        inbox.clear();
        closeAllPortals();
      }
    } catch (RuntimeException e) {
      LOG.warn("Connection[{}] failed: {}", processId, e.getClass().getName());
      LOG.debug("Connection[{}] failure", processId, e);
      channel.close();
    } finally {
      isScheduled.set(false);
      if (!inbox.isEmpty() || (isClosed && !portals.isEmpty())) {
        schedule();
      }
    }
  }

  private void handle(FrontendMessage message) {
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
      closePortal("");
      send(BackendMessages.readyForQuery(channel.alloc()));
      channel.flush();
      return;
    }
    if (message instanceof FrontendMessage.Flush) {
      channel.flush();
      return;
    }
    if (isIgnoringUntilSync) {
      return;
    }
    try {
      if (message instanceof Parse parse) {
        parse(parse);
      } else if (message instanceof Bind bind) {
        bind(bind);
      } else if (message instanceof Describe describe) {
        describe(describe);
      } else if (message instanceof Execute execute) {
        execute(execute);
      } else if (message instanceof Close close) {
        if (close.kind() == 'S') {
          statements.remove(close.name());
        } else {
          closePortal(close.name());
        }
        send(BackendMessages.empty(channel.alloc(), BackendMessages.CLOSE_COMPLETE));
      } else {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED,
            "Message type[" + describe(message) + "] is not supported");
      }
    } catch (RuntimeException e) {
      sendError(e);
      isIgnoringUntilSync = true;
    }
  }

  private void simpleQuery(String sql) {
    List<String> parts = StatementSplitter.split(sql);
    if (parts.isEmpty()) {
      send(BackendMessages.empty(channel.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
    }
    for (String part : parts) {
      AtomicBoolean isCancelled = new AtomicBoolean();
      runningStatement = isCancelled;
      try {
        StatementOutcome outcome = run(part, isCancelled);
        if (outcome instanceof StatementOutcome.Rows rows) {
          try (ResultRows result = rows.rows()) {
            short[] formats = new short[result.names().size()];
            send(
                BackendMessages.rowDescription(
                    channel.alloc(), result.names(), result.types(), formats));
            long count = sendRows(result, formats, 0);
            send(BackendMessages.commandComplete(channel.alloc(), result.tag() + " " + count));
          }
        } else if (outcome instanceof StatementOutcome.Command command) {
          send(BackendMessages.commandComplete(channel.alloc(), command.tag()));
        } else {
          send(BackendMessages.empty(channel.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
        }
      } catch (RuntimeException e) {
        sendError(e);
        break;
      } finally {
        runningStatement = null;
      }
    }
    send(BackendMessages.readyForQuery(channel.alloc()));
    channel.flush();
  }

  /** Runs one statement: a session statement here, anything else on the engine. */
  private StatementOutcome run(String sql, AtomicBoolean isCancelled) {
    if (sql.isBlank()) {
      return new StatementOutcome.Empty();
    }
    StatementOutcome session = SessionStatements.tryRun(sql, this);
    if (session != null) {
      return session;
    }
    StatementResult result = engine.execute(sql, isCancelled);
    if (result instanceof QueryResult query) {
      String tag = EXPLAIN.matcher(sql).matches() ? "EXPLAIN" : "SELECT";
      return new StatementOutcome.Rows(ResultRows.of(query, tag));
    }
    return new StatementOutcome.Command(((CommandResult) result).commandTag());
  }

  private void parse(Parse parse) {
    if (!parse.statement().isEmpty() && statements.containsKey(parse.statement())) {
      throw new PgSessionException(
          "42P05", "Prepared statement[" + parse.statement() + "] already exists");
    }
    if (StatementSplitter.split(parse.sql()).size() > 1) {
      throw new AuroraException(
          ErrorCode.SYNTAX_ERROR, "A prepared statement cannot hold several commands");
    }
    int count =
        Math.max(parse.parameterTypes().length, ParameterBinder.parameterCount(parse.sql()));
    int[] types = new int[count];
    System.arraycopy(parse.parameterTypes(), 0, types, 0, parse.parameterTypes().length);
    statements.put(parse.statement(), new PreparedStatement(parse.sql(), types));
    send(BackendMessages.empty(channel.alloc(), BackendMessages.PARSE_COMPLETE));
  }

  private void bind(Bind bind) {
    PreparedStatement statement = statement(bind.statement());
    int[] types = statement.parameterTypes();
    if (bind.values().size() != types.length) {
      throw new PgProtocolException(
          "Bind has " + bind.values().size() + " parameters, the statement needs " + types.length);
    }
    List<String> literals = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      literals.add(
          ParameterBinder.literal(
              types[i], format(bind.parameterFormats(), i), bind.values().get(i)));
    }
    if (!bind.portal().isEmpty() && portals.containsKey(bind.portal())) {
      throw new PgSessionException("42P03", "Portal[" + bind.portal() + "] already exists");
    }
    closePortal(bind.portal());
    String sql =
        types.length == 0 ? statement.sql() : ParameterBinder.substitute(statement.sql(), literals);
    portals.put(bind.portal(), new Portal(sql, bind.resultFormats()));
    send(BackendMessages.empty(channel.alloc(), BackendMessages.BIND_COMPLETE));
  }

  private void describe(Describe describe) {
    if (describe.kind() == 'S') {
      PreparedStatement statement = statement(describe.name());
      int[] types = statement.parameterTypes().clone();
      for (int i = 0; i < types.length; i++) {
        types[i] = types[i] == 0 ? PgTypes.TEXT : types[i];
      }
      send(BackendMessages.parameterDescription(channel.alloc(), types));
      describeStatementColumns(statement);
      return;
    }
    Portal portal = portal(describe.name());
    StatementOutcome outcome = start(portal);
    if (outcome instanceof StatementOutcome.Rows rows) {
      ResultRows result = rows.rows();
      send(
          BackendMessages.rowDescription(
              channel.alloc(), result.names(), result.types(), portal.formats(result.types())));
    } else {
      send(BackendMessages.empty(channel.alloc(), BackendMessages.NO_DATA));
    }
  }

  /**
   * The columns of a statement before it is bound. The engine has no separate planning call, so a
   * query is started with every parameter NULL (cast to its declared type) and closed before any
   * row is read: this plans the query but does not run it. Statements that are not queries are
   * never started here and describe as NoData.
   */
  private void describeStatementColumns(PreparedStatement statement) {
    String sql = statement.sql();
    if (EXPLAIN.matcher(sql).matches()) {
      send(
          BackendMessages.rowDescription(
              channel.alloc(), List.of("QUERY PLAN"), List.of(DataType.VARCHAR), new short[1]));
      return;
    }
    if (!QUERY_START.matcher(sql).matches()) {
      send(BackendMessages.empty(channel.alloc(), BackendMessages.NO_DATA));
      return;
    }
    List<String> nulls = new ArrayList<>();
    for (int type : statement.parameterTypes()) {
      nulls.add(ParameterBinder.literal(type, BackendMessages.TEXT, null));
    }
    StatementOutcome outcome = run(ParameterBinder.substitute(sql, nulls), new AtomicBoolean());
    if (outcome instanceof StatementOutcome.Rows rows) {
      try (ResultRows result = rows.rows()) {
        send(
            BackendMessages.rowDescription(
                channel.alloc(), result.names(), result.types(), new short[result.names().size()]));
      }
    } else {
      send(BackendMessages.empty(channel.alloc(), BackendMessages.NO_DATA));
    }
  }

  private void execute(Execute execute) {
    Portal portal = portal(execute.portal());
    runningStatement = portal.isCancelled;
    try {
      StatementOutcome outcome = start(portal);
      if (outcome instanceof StatementOutcome.Rows rows) {
        ResultRows result = rows.rows();
        long count = sendRows(result, portal.formats(result.types()), execute.maxRows());
        if (result.hasNext()) {
          send(BackendMessages.empty(channel.alloc(), BackendMessages.PORTAL_SUSPENDED));
        } else {
          result.close();
          send(BackendMessages.commandComplete(channel.alloc(), result.tag() + " " + count));
        }
      } else if (outcome instanceof StatementOutcome.Command command) {
        send(BackendMessages.commandComplete(channel.alloc(), command.tag()));
      } else {
        send(BackendMessages.empty(channel.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
      }
    } catch (RuntimeException e) {
      portal.close();
      throw e;
    } finally {
      runningStatement = null;
    }
  }

  /** Runs the portal's statement the first time it is described or executed. */
  private StatementOutcome start(Portal portal) {
    if (portal.outcome == null) {
      runningStatement = portal.isCancelled;
      portal.outcome = run(portal.sql, portal.isCancelled);
    }
    return portal.outcome;
  }

  /** Sends up to {@code maxRows} rows (0: all) as DataRows, batched into larger writes. */
  private long sendRows(ResultRows result, short[] formats, int maxRows) {
    long count = 0;
    ByteBuf batch = channel.alloc().buffer();
    try {
      while ((maxRows <= 0 || count < maxRows) && result.hasNext()) {
        BackendMessages.dataRow(batch, result.types(), result.next(), formats);
        count++;
        if (batch.readableBytes() >= BATCH_BYTES) {
          channel.writeAndFlush(batch);
          batch = channel.alloc().buffer();
          awaitWritable();
        }
      }
    } catch (RuntimeException e) {
      batch.release();
      throw e;
    }
    channel.write(batch);
    return count;
  }

  private void awaitWritable() {
    synchronized (writability) {
      while (!channel.isWritable() && channel.isActive() && !isClosed) {
        try {
          writability.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AuroraException(ErrorCode.QUERY_CANCELED, "Session was interrupted", e);
        }
      }
    }
    if (isClosed || !channel.isActive()) {
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "Client connection closed");
    }
  }

  void reportParameter(String name) {
    String value = settings.value(name);
    for (String reported : SessionSettings.REPORTED) {
      if (reported.equalsIgnoreCase(name) && value != null) {
        send(BackendMessages.parameterStatus(channel.alloc(), reported, value));
      }
    }
  }

  void closeNamedPortals() {
    for (String name : new ArrayList<>(portals.keySet())) {
      if (!name.isEmpty()) {
        closePortal(name);
      }
    }
  }

  void discardAll() {
    closeAllPortals();
    statements.clear();
    settings.resetAll();
  }

  void deallocate(String name) {
    if (statements.remove(name) == null) {
      throw new PgSessionException("26000", "Prepared statement[" + name + "] does not exist");
    }
  }

  void deallocateAll() {
    statements.keySet().removeIf(name -> !name.isEmpty());
  }

  private void closeAllPortals() {
    for (Portal portal : portals.values()) {
      portal.close();
    }
    portals.clear();
  }

  private void closePortal(String name) {
    Portal portal = portals.remove(name);
    if (portal != null) {
      portal.close();
    }
  }

  private PreparedStatement statement(String name) {
    PreparedStatement statement = statements.get(name);
    if (statement == null) {
      throw new PgSessionException("26000", "Prepared statement[" + name + "] does not exist");
    }
    return statement;
  }

  private Portal portal(String name) {
    Portal portal = portals.get(name);
    if (portal == null) {
      throw new PgSessionException("34000", "Portal[" + name + "] does not exist");
    }
    return portal;
  }

  private void sendError(RuntimeException e) {
    String sqlState;
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int position = 0;
    if (e instanceof AuroraException aurora) {
      sqlState = aurora.errorCode().sqlState();
      position = aurora.position();
      if (aurora.errorCode().category() == ErrorCategory.INTERNAL) {
        LOG.warn("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState);
        LOG.debug("Connection[{}] internal error", processId, e);
      } else {
        LOG.info("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState);
      }
    } else if (e instanceof PgSessionException session) {
      sqlState = session.sqlState();
      LOG.info("Connection[{}] statement failed with SQLSTATE[{}]", processId, sqlState);
    } else if (e instanceof PgProtocolException) {
      sqlState = "08P01";
      LOG.info("Connection[{}] protocol violation", processId);
    } else {
      sqlState = "XX000";
      LOG.warn("Connection[{}] statement failed: {}", processId, e.getClass().getName());
      LOG.debug("Connection[{}] internal error", processId, e);
    }
    send(BackendMessages.errorResponse(channel.alloc(), "ERROR", sqlState, message, position));
  }

  private void send(ByteBuf message) {
    channel.write(message);
  }

  private static short format(short[] formats, int index) {
    if (formats.length == 0) {
      return BackendMessages.TEXT;
    }
    if (formats.length == 1) {
      return formats[0];
    }
    return index < formats.length ? formats[index] : BackendMessages.TEXT;
  }

  private static String describe(FrontendMessage message) {
    return message instanceof FrontendMessage.Unsupported unsupported
        ? String.valueOf(unsupported.type())
        : message.getClass().getSimpleName();
  }

  /** A parsed statement: its text and the parameter types, 0 where the client left them open. */
  private record PreparedStatement(String sql, int[] parameterTypes) {}

  /** A bound statement: started at its first Describe or Execute, then read across Executes. */
  private static final class Portal {
    final String sql;
    final short[] resultFormats;
    final AtomicBoolean isCancelled = new AtomicBoolean();
    @Nullable StatementOutcome outcome;

    Portal(String sql, short[] resultFormats) {
      this.sql = sql;
      this.resultFormats = resultFormats;
    }

    /** The format of each column: binary where the client asked for it, else text. */
    short[] formats(List<DataType> types) {
      short[] formats = new short[types.size()];
      for (int i = 0; i < formats.length; i++) {
        formats[i] = format(resultFormats, i);
      }
      return formats;
    }

    void close() {
      if (outcome instanceof StatementOutcome.Rows rows) {
        rows.rows().close();
      }
    }
  }
}
