package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.server.pgwire.FrontendMessage.Bind;
import io.aurora.server.pgwire.FrontendMessage.Close;
import io.aurora.server.pgwire.FrontendMessage.Describe;
import io.aurora.server.pgwire.FrontendMessage.Execute;
import io.aurora.server.pgwire.FrontendMessage.Parse;
import io.aurora.sql.engine.PreparedQuery;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The extended query protocol of one session: its prepared statements and portals, and the Parse,
 * Bind, Describe, Execute and Close messages. Statements run through the session ({@link
 * PgSession#run}), so session statements and COPY behave as in the simple protocol. The unnamed
 * portal is closed at Sync; named portals live until Close, COMMIT, ROLLBACK or DISCARD ALL
 * (pgjdbc's cursor-mode fetches use them across Syncs). In a failed transaction block, Parse and
 * Bind of anything but a statement that ends the block fail with 25P02, as in PostgreSQL. Used only
 * on the session's thread.
 */
final class ExtendedQuery {
  private static final Pattern QUERY_START =
      Pattern.compile("(?is)^[\\s(]*(SELECT|WITH|VALUES|TABLE|SHOW|DESCRIBE)\\b.*");

  /** Statements the engine may plan once ({@link SqlEngine#prepare}); session statements never. */
  private static final Pattern PREPARABLE =
      Pattern.compile("(?is)^[\\s(]*(SELECT|WITH|VALUES|TABLE)\\b.*");

  private final PgSession session;
  private final SessionWriter writer;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final Map<String, Portal> portals = new HashMap<>();

  ExtendedQuery(PgSession session, SessionWriter writer) {
    this.session = requireNonNull(session, "session is null");
    this.writer = requireNonNull(writer, "writer is null");
  }

  /** Handles one extended-protocol message; anything else fails with 0A000. */
  void handle(FrontendMessage message) {
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
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.CLOSE_COMPLETE));
    } else {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "Message type[" + PgSession.describe(message) + "] is not supported");
    }
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
    checkCanRun(parse.sql());
    int count =
        Math.max(parse.parameterTypes().length, ParameterBinder.parameterCount(parse.sql()));
    int[] types = new int[count];
    System.arraycopy(parse.parameterTypes(), 0, types, 0, parse.parameterTypes().length);
    statements.put(
        parse.statement(), new PreparedStatement(parse.sql(), types, prepare(parse.sql(), types)));
    writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.PARSE_COMPLETE));
  }

  /**
   * The query planned once for a statement, or null when it binds its values into its text and is
   * planned at each Execute (not a query, or a query the engine cannot plan ahead of its values).
   */
  private @Nullable PreparedQuery prepare(String sql, int[] types) {
    if (!PREPARABLE.matcher(sql).matches()) {
      return null;
    }
    List<@Nullable DataType> declared = new ArrayList<>();
    for (int type : types) {
      try {
        declared.add(ParameterBinder.declaredType(type));
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    return session.engine().prepare(sql, declared);
  }

  private void bind(Bind bind) {
    PreparedStatement statement = statement(bind.statement());
    checkCanRun(statement.sql());
    int[] types = statement.parameterTypes();
    if (bind.values().size() != types.length) {
      throw new PgProtocolException(
          "Bind has " + bind.values().size() + " parameters, the statement needs " + types.length);
    }
    if (!bind.portal().isEmpty() && portals.containsKey(bind.portal())) {
      throw new PgSessionException("42P03", "Portal[" + bind.portal() + "] already exists");
    }
    closePortal(bind.portal());
    Portal portal;
    if (statement.prepared() != null) {
      // A value arrives in the type Describe reported (asyncpg sends binary values of it).
      int[] described = describedTypes(statement);
      List<@Nullable String> values = new ArrayList<>(types.length);
      for (int i = 0; i < types.length; i++) {
        values.add(
            ParameterBinder.text(
                described[i], format(bind.parameterFormats(), i), bind.values().get(i)));
      }
      portal = new Portal(statement.sql(), statement.prepared(), values, bind.resultFormats());
    } else {
      List<String> literals = new ArrayList<>(types.length);
      for (int i = 0; i < types.length; i++) {
        literals.add(
            ParameterBinder.literal(
                types[i], format(bind.parameterFormats(), i), bind.values().get(i)));
      }
      String sql =
          types.length == 0
              ? statement.sql()
              : ParameterBinder.substitute(statement.sql(), literals);
      portal = new Portal(sql, null, List.of(), bind.resultFormats());
    }
    portals.put(bind.portal(), portal);
    writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.BIND_COMPLETE));
  }

  /**
   * The parameter types Describe reports: as declared, and where the client left a type open, the
   * type the engine inferred (text when the statement is not planned ahead).
   */
  private static int[] describedTypes(PreparedStatement statement) {
    int[] types = statement.parameterTypes().clone();
    PreparedQuery prepared = statement.prepared();
    for (int i = 0; i < types.length; i++) {
      if (types[i] == 0) {
        types[i] = prepared == null ? PgTypes.TEXT : PgTypes.oid(prepared.parameterTypes().get(i));
      }
    }
    return types;
  }

  private void describe(Describe describe) {
    if (describe.kind() == 'S') {
      PreparedStatement statement = statement(describe.name());
      PreparedQuery prepared = statement.prepared();
      writer.send(BackendMessages.parameterDescription(writer.alloc(), describedTypes(statement)));
      if (prepared != null) {
        List<DataType> columns = session.engine().columnTypes(prepared);
        writer.send(
            BackendMessages.rowDescription(
                writer.alloc(), prepared.columnNames(), columns, new short[columns.size()]));
      } else {
        describeStatementColumns(statement);
      }
      return;
    }
    Portal portal = portal(describe.name());
    StatementOutcome outcome = start(portal);
    if (outcome instanceof StatementOutcome.Rows rows) {
      ResultRows result = rows.rows();
      writer.send(
          BackendMessages.rowDescription(
              writer.alloc(), result.names(), result.types(), portal.formats(result.types())));
    } else {
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.NO_DATA));
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
    if (PgSession.EXPLAIN.matcher(sql).matches()) {
      writer.send(
          BackendMessages.rowDescription(
              writer.alloc(), List.of("QUERY PLAN"), List.of(DataType.VARCHAR), new short[1]));
      return;
    }
    if (!QUERY_START.matcher(sql).matches()) {
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.NO_DATA));
      return;
    }
    List<String> nulls = new ArrayList<>();
    for (int type : statement.parameterTypes()) {
      nulls.add(ParameterBinder.literal(type, BackendMessages.TEXT, null));
    }
    StatementOutcome outcome =
        session.run(ParameterBinder.substitute(sql, nulls), new AtomicBoolean());
    if (outcome instanceof StatementOutcome.Rows rows) {
      try (ResultRows result = rows.rows()) {
        writer.send(
            BackendMessages.rowDescription(
                writer.alloc(), result.names(), result.types(), new short[result.names().size()]));
      }
    } else {
      writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.NO_DATA));
    }
  }

  private void execute(Execute execute) {
    Portal portal = portal(execute.portal());
    session.startStatement(portal.isCancelled, portal.sql);
    try {
      StatementOutcome outcome = start(portal);
      if (outcome instanceof StatementOutcome.Rows rows) {
        ResultRows result = rows.rows();
        long count = writer.sendRows(result, portal.formats(result.types()), execute.maxRows());
        if (result.hasNext()) {
          writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.PORTAL_SUSPENDED));
        } else {
          result.close();
          writer.send(BackendMessages.commandComplete(writer.alloc(), result.tag() + " " + count));
        }
      } else if (outcome instanceof StatementOutcome.Command command) {
        writer.sendCommandComplete(command);
      } else if (outcome instanceof StatementOutcome.Copy copy) {
        session.executeCopy(copy.statement(), portal.isCancelled, null);
      } else {
        writer.send(BackendMessages.empty(writer.alloc(), BackendMessages.EMPTY_QUERY_RESPONSE));
      }
    } catch (RuntimeException e) {
      portal.close();
      throw e;
    } finally {
      session.endStatement();
    }
  }

  private void checkCanRun(String sql) {
    session.transaction().checkCanRun(TransactionStatements.isExit(SessionStatements.strip(sql)));
  }

  /** Runs the portal's statement the first time it is described or executed. */
  private StatementOutcome start(Portal portal) {
    StatementOutcome outcome = portal.outcome;
    if (outcome == null) {
      session.startStatement(portal.isCancelled, portal.sql);
      outcome =
          portal.prepared == null
              ? session.run(portal.sql, portal.isCancelled)
              : session.run(portal.prepared, portal.values, portal.isCancelled);
      portal.outcome = outcome;
    }
    return outcome;
  }

  /** At Sync: the unnamed portal ends with the implicit transaction. */
  void sync() {
    closePortal("");
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
  }

  void deallocate(String name) {
    if (statements.remove(name) == null) {
      throw new PgSessionException("26000", "Prepared statement[" + name + "] does not exist");
    }
  }

  void deallocateAll() {
    statements.keySet().removeIf(name -> !name.isEmpty());
  }

  boolean hasPortals() {
    return !portals.isEmpty();
  }

  void closeAllPortals() {
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

  private static short format(short[] formats, int index) {
    if (formats.length == 0) {
      return BackendMessages.TEXT;
    }
    if (formats.length == 1) {
      return formats[0];
    }
    return index < formats.length ? formats[index] : BackendMessages.TEXT;
  }

  /**
   * A parsed statement: its text, the parameter types (0 where the client left them open) and the
   * engine's plan when the statement is planned once.
   */
  private record PreparedStatement(
      String sql, int[] parameterTypes, @Nullable PreparedQuery prepared) {}

  /** A bound statement: started at its first Describe or Execute, then read across Executes. */
  private static final class Portal {
    final String sql;
    final @Nullable PreparedQuery prepared;
    final List<@Nullable String> values;
    final short[] resultFormats;
    final AtomicBoolean isCancelled = new AtomicBoolean();
    @Nullable StatementOutcome outcome;

    /**
     * A portal of a statement with its values in its text ({@code prepared} null), or of a prepared
     * query with its values as text.
     */
    Portal(
        String sql,
        @Nullable PreparedQuery prepared,
        List<@Nullable String> values,
        short[] resultFormats) {
      this.sql = sql;
      this.prepared = prepared;
      this.values = values;
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
