package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.Passwords;
import io.aurora.sql.access.Privilege;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.EndpointDefinition;
import io.aurora.sql.catalog.EngineActivity;
import io.aurora.sql.catalog.PipelineDefinition;
import io.aurora.sql.catalog.RunningQuery;
import io.aurora.sql.catalog.SessionDirectory;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableActivity;
import io.aurora.sql.catalog.ViewDefinition;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.sql.ddl.DdlParser;
import io.aurora.sql.ddl.DdlStatement;
import io.aurora.sql.execution.DeleteConditions;
import io.aurora.sql.execution.ListStream;
import io.aurora.sql.execution.LocalExecutionPlanner;
import io.aurora.sql.execution.PageStream;
import io.aurora.sql.execution.PlanNodeStats;
import io.aurora.sql.execution.TableReader;
import io.aurora.sql.expression.ExpressionCompiler;
import io.aurora.sql.operator.MemoryContext;
import io.aurora.sql.operator.OperatorContext;
import io.aurora.sql.planner.AuroraCalciteSchema;
import io.aurora.sql.planner.PlannedStatement;
import io.aurora.sql.planner.SqlPlanner;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.block.VarcharBlock;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.jspecify.annotations.Nullable;

/**
 * Runs one SQL statement against a catalog: Aurora's DDL, queries (with EXPLAIN and EXPLAIN
 * ANALYZE) and INSERT. Each statement gets its own memory accounting and, when configured, a
 * timeout. Thread-safe: any number of statements may run at once.
 *
 * <pre>{@code
 * SqlEngine engine = new SqlEngine(catalog, EngineConfig.DEFAULT);
 * engine.execute("CREATE TABLE t (a BIGINT, b VARCHAR)");
 * engine.execute("INSERT INTO t VALUES (1, 'x')");
 * try (QueryResult result = (QueryResult) engine.execute("SELECT b, count(*) FROM t GROUP BY b")) {
 *   for (Page page = result.next(); page != null; page = result.next()) { ... }
 * }
 * }</pre>
 */
public final class SqlEngine implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SqlEngine.class);

  private static final Pattern EXPLAIN =
      Pattern.compile(
          "^\\s*EXPLAIN(\\s+ANALYZE)?\\s+(.*)$", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern WHERE_CLAUSE =
      Pattern.compile(
          "\\s*(\\S+)\\s+WHERE\\s+(.*?);?\\s*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
  private static final Pattern DELETE_FROM =
      Pattern.compile("\\s*DELETE\\s+FROM\\s+(.*)", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

  private final Catalog catalog;
  private final EngineConfig config;
  private final StatementListener listener;
  private volatile SessionDirectory sessions = SessionDirectory.NONE;
  private final SqlPlanner planner;
  // The statements running now, by query id, for system.queries.
  private final Map<Long, Execution> running = new java.util.concurrent.ConcurrentHashMap<>();
  // What statements did with each user table since the engine started, for pg_stat_user_tables.
  private final Map<String, ActivityCounters> activity =
      new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong nextQueryId =
      new java.util.concurrent.atomic.AtomicLong();
  private final PlanCache planCache;
  private final AtomicLong plannedStatements = new AtomicLong();
  private final AccessStatements access;
  private final RowSecurity rowSecurity;
  private final ScheduledExecutorService timeouts;
  private final ExecutorService workers;

  public SqlEngine(Catalog catalog, EngineConfig config) {
    this(catalog, config, StatementListener.NONE);
  }

  /** An engine that reports every statement to {@code listener} when it ends. */
  public SqlEngine(Catalog catalog, EngineConfig config, StatementListener listener) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.config = requireNonNull(config, "config is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.planner = new SqlPlanner(catalog);
    Function<String, RelNode> planQuery = text -> planner.plan(text, planner.parse(text)).plan();
    this.access = new AccessStatements(catalog, planQuery);
    this.rowSecurity = new RowSecurity(catalog, planQuery);
    planner.setEngineActivity(
        new EngineActivity() {
          @Override
          public List<RunningQuery> runningQueries() {
            return SqlEngine.this.runningQueries();
          }

          @Override
          public Map<String, TableActivity> tableActivity() {
            return SqlEngine.this.tableActivity();
          }
        });
    this.planCache = new PlanCache(config.planCacheSize());
    AtomicInteger workerNumber = new AtomicInteger();
    this.workers =
        Executors.newFixedThreadPool(
            config.queryParallelism(),
            runnable -> {
              Thread thread =
                  new Thread(runnable, "aurora-query-worker-" + workerNumber.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    this.timeouts =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-statement-timeouts");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** The engine's settings. */
  public EngineConfig config() {
    return config;
  }

  /** The catalog the engine runs statements against. */
  public Catalog catalog() {
    return catalog;
  }

  /** Runs one statement; a trailing semicolon is allowed. */
  public StatementResult execute(String sql) {
    return execute(sql, new AtomicBoolean());
  }

  /**
   * Runs one statement that another thread can cancel by setting {@code isCancelled}: the statement
   * (or, for a query, the returned result's {@link QueryResult#next()}) then fails with
   * QUERY_CANCELED (SQLSTATE 57014) at its next batch. The engine also sets the flag when the
   * statement timeout expires. Use a new flag for each statement. DDL is not cancellable.
   */
  public StatementResult execute(String sql, AtomicBoolean isCancelled) {
    return execute(sql, isCancelled, config.statementTimeout());
  }

  /**
   * Runs one statement as {@link #execute(String, AtomicBoolean)} does, cancelled after {@code
   * statementTimeout} (zero for none) instead of the engine's {@code query.statement-timeout}: a
   * session's {@code SET statement_timeout}.
   */
  public StatementResult execute(String sql, AtomicBoolean isCancelled, Duration statementTimeout) {
    return execute(sql, isCancelled, statementTimeout, null);
  }

  /**
   * Runs one statement of a session's transaction block ({@code block}, null outside one): an
   * INSERT's rows go to the block instead of the tables, and scans read the block's rows with the
   * tables' (see {@link PendingWrites}). A statement that changes the catalog fails in a block with
   * ACTIVE_SQL_TRANSACTION (SQLSTATE 25001), as its effect could not be rolled back with the
   * block's. Outside a block each INSERT is atomic: its rows become visible together, through one
   * {@link Catalog#beginWrite} transaction.
   */
  public StatementResult execute(
      String sql,
      AtomicBoolean isCancelled,
      Duration statementTimeout,
      @Nullable PendingWrites block) {
    requireNonNull(sql, "sql is null");
    requireNonNull(isCancelled, "isCancelled is null");
    requireNonNull(statementTimeout, "statementTimeout is null");
    Trace trace = new Trace(stripSemicolon(sql));
    StatementListener.Kind kind = StatementListener.Kind.OTHER;
    try {
      String statement = trace.sql;
      DdlStatement ddl = DdlParser.tryParse(statement);
      Matcher explain = EXPLAIN.matcher(statement);
      StatementResult result;
      if (ddl instanceof DdlStatement.Truncate truncate) {
        kind = StatementListener.Kind.DELETE;
        result = truncate(truncate, block);
      } else if (ddl != null) {
        kind = StatementListener.Kind.DDL;
        String change = catalogChange(ddl);
        if (block != null && change != null) {
          throw new AuroraException(
              ErrorCode.ACTIVE_SQL_TRANSACTION, change + " cannot run inside a transaction block");
        }
        access.authorize(ddl);
        result = executeDdl(ddl);
      } else if (explain.matches()) {
        kind = StatementListener.Kind.EXPLAIN;
        Execution execution = start(trace, isCancelled, statementTimeout, block);
        result = explain(explain.group(2), explain.group(1) != null, execution);
      } else {
        PreparedQuery.Snapshot cached = planCache.get(new PlanCache.Key(statement, List.of()));
        if (cached != null) {
          kind = StatementListener.Kind.QUERY;
          result =
              run(
                  current(new PreparedQuery(statement, List.of(), cached), false),
                  List.of(),
                  start(trace, isCancelled, statementTimeout, block));
        } else {
          SqlNode parsed = planner.parse(statement);
          kind =
              switch (parsed.getKind()) {
                case INSERT -> StatementListener.Kind.INSERT;
                case DELETE -> StatementListener.Kind.DELETE;
                default -> StatementListener.Kind.QUERY;
              };
          result = executeParsed(trace, parsed, isCancelled, statementTimeout, block);
        }
      }
      return observed(kind, trace, result);
    } catch (RuntimeException e) {
      trace.finished(kind, 0, e);
      throw e;
    }
  }

  /**
   * Reports a command to the listener now, and a query when its result is closed, with the rows
   * read and the error that ended the reading, if any.
   */
  private StatementResult observed(
      StatementListener.Kind kind, Trace trace, StatementResult result) {
    if (result instanceof CommandResult command) {
      trace.finished(kind, command.rowCount(), null);
      return command;
    }
    QueryResult query = (QueryResult) result;
    ObservedStream stream = new ObservedStream(query);
    return new QueryResult(
        query.columnNames(),
        query.types(),
        stream,
        () -> trace.finished(kind, stream.error == null ? stream.rows : 0, stream.error));
  }

  private static ErrorCode errorCode(RuntimeException e) {
    return e instanceof AuroraException aurora ? aurora.errorCode() : ErrorCode.INTERNAL_ERROR;
  }

  /**
   * One statement from its start to its end, for the listener: its id (the one {@code
   * system.queries} shows), text, client and start, and the execution that read its tables, if any.
   */
  private final class Trace {
    final long queryId = nextQueryId.incrementAndGet();
    final String sql;

    /** The text {@code system.queries} and {@code system.query_log} show: no passwords. */
    final String shownSql;

    final CurrentSession.@Nullable Client client = CurrentSession.client();
    final long startMicros = nowMicros();
    final long startNanos = System.nanoTime();
    volatile @Nullable Execution execution;

    Trace(String sql) {
      this.sql = sql;
      this.shownSql = Passwords.redact(sql);
    }

    void finished(StatementListener.Kind kind, long rows, @Nullable RuntimeException error) {
      Execution read = execution;
      listener.statementFinished(
          new FinishedStatement(
              queryId,
              kind,
              shownSql,
              client,
              startMicros,
              System.nanoTime() - startNanos,
              rows,
              read == null ? ScanStatistics.Snapshot.ZERO : read.scanned(),
              read == null ? 0 : read.memory().peakBytes(),
              kind == StatementListener.Kind.INSERT
                  ? sql.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                  : 0,
              error == null ? null : errorCode(error),
              error == null ? null : error.getMessage()));
    }
  }

  private static long nowMicros() {
    return java.time.temporal.ChronoUnit.MICROS.between(
        java.time.Instant.EPOCH, java.time.Instant.now());
  }

  private StatementResult executeParsed(
      Trace trace,
      SqlNode parsed,
      AtomicBoolean isCancelled,
      Duration statementTimeout,
      @Nullable PendingWrites block) {
    String statement = trace.sql;
    if (parsed.getKind() == SqlKind.INSERT) {
      Execution execution = start(trace, isCancelled, statementTimeout, block);
      try (WriteTransaction write = block == null ? catalog.beginWrite() : block.beginStatement()) {
        CommandResult inserted = insert(statement, parsed, execution, write);
        write.commit();
        String insertedTable = execution.insertedTable;
        if (inserted.rowCount() > 0 && insertedTable != null) {
          counters(insertedTable).rowsInserted.add(inserted.rowCount());
        }
        return inserted;
      } finally {
        execution.finish();
      }
    }
    if (parsed.getKind() == SqlKind.DELETE) {
      return delete(statement, block);
    }
    if (parsed.getKind() == SqlKind.UPDATE || parsed.getKind() == SqlKind.MERGE) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          parsed.getKind()
              + " is not supported: Aurora's rows are immutable once written; DELETE the rows and"
              + " INSERT them again with the new values, in one transaction block");
    }
    if (!SqlPlanner.isQuery(parsed.getKind())) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "Statement " + parsed.getKind() + " is not supported yet");
    }
    PlannedStatement planned = plan(statement, parsed);
    PreparedQuery.Snapshot snapshot = PreparedQuery.Snapshot.of(planned);
    if (planned.isReusable()) {
      planCache.put(new PlanCache.Key(statement, List.of()), snapshot);
    }
    return run(snapshot, List.of(), start(trace, isCancelled, statementTimeout, block));
  }

  /**
   * Plans a query whose {@code $n} parameters stay open, to run many times with {@link
   * #execute(PreparedQuery, List, AtomicBoolean)}; {@code parameterTypes} are the declared types by
   * number, null where the client left a type open. Plans are shared through the node's plan cache
   * by text and declared types.
   *
   * <p>Returns null when the statement is not a query that can be planned once: DDL, EXPLAIN,
   * INSERT, a query over system tables or with catalog functions (answered as of planning), one
   * where a parameter's type cannot be inferred, or one that fails to plan. Such a statement runs
   * through {@link #execute(String, AtomicBoolean)} with its values in its text, which also reports
   * its errors.
   */
  public @Nullable PreparedQuery prepare(String sql, List<@Nullable DataType> parameterTypes) {
    String statement = stripSemicolon(sql);
    PlanCache.Key key = new PlanCache.Key(statement, parameterTypes);
    PreparedQuery.Snapshot cached = planCache.get(key);
    if (cached != null && cached.isCurrent(catalog)) {
      return new PreparedQuery(statement, parameterTypes, cached);
    }
    PlannedStatement planned;
    try {
      if (DdlParser.tryParse(statement) != null || EXPLAIN.matcher(statement).matches()) {
        return null;
      }
      planned = planParameterized(statement, parameterTypes);
    } catch (RuntimeException e) {
      // Whatever fails here (a bad statement, or Calcite on an open parameter) is reported, or
      // works, when the statement runs with its values in its text.
      return null;
    }
    if (!SqlPlanner.isQuery(planned.kind()) || !planned.isReusable()) {
      return null;
    }
    PreparedQuery.Snapshot snapshot = PreparedQuery.Snapshot.of(planned);
    planCache.put(key, snapshot);
    return new PreparedQuery(statement, parameterTypes, snapshot);
  }

  /**
   * Runs a prepared query with its parameters' values, as text in PostgreSQL's input format (null
   * for NULL); a value that is not text of its parameter's type fails with SQLSTATE 22P02 (or the
   * cast's error) when the query runs.
   */
  public QueryResult execute(
      PreparedQuery prepared, List<@Nullable String> values, AtomicBoolean isCancelled) {
    return execute(prepared, values, isCancelled, config.statementTimeout());
  }

  /** Runs a prepared query, cancelled after {@code statementTimeout} (zero for none). */
  public QueryResult execute(
      PreparedQuery prepared,
      List<@Nullable String> values,
      AtomicBoolean isCancelled,
      Duration statementTimeout) {
    return execute(prepared, values, isCancelled, statementTimeout, null);
  }

  /**
   * Runs a prepared query in a session's transaction block ({@code block}, null outside one): its
   * scans read the block's rows with the tables' (see {@link PendingWrites}).
   */
  public QueryResult execute(
      PreparedQuery prepared,
      List<@Nullable String> values,
      AtomicBoolean isCancelled,
      Duration statementTimeout,
      @Nullable PendingWrites block) {
    requireNonNull(prepared, "prepared is null");
    requireNonNull(values, "values is null");
    Trace trace = new Trace(prepared.sql());
    StatementListener.Kind kind = StatementListener.Kind.QUERY;
    try {
      if (values.size() != prepared.declaredTypes().size()) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_PARAMETER,
            "The statement has "
                + prepared.declaredTypes().size()
                + " parameters; "
                + values.size()
                + " values were bound");
      }
      return (QueryResult)
          observed(
              kind,
              trace,
              run(
                  current(prepared, true),
                  values,
                  start(trace, isCancelled, statementTimeout, block)));
    } catch (RuntimeException e) {
      trace.finished(kind, 0, e);
      throw e;
    }
  }

  /**
   * The result column types of a prepared query, from its operators planned with every parameter
   * NULL (nothing runs).
   */
  public List<DataType> columnTypes(PreparedQuery prepared) {
    List<@Nullable String> nulls = new ArrayList<>();
    for (int i = 0; i < prepared.declaredTypes().size(); i++) {
      nulls.add(null);
    }
    try (QueryResult result =
        run(
            current(prepared, true),
            nulls,
            start(new Trace(prepared.sql()), new AtomicBoolean(), Duration.ZERO, null))) {
      return result.types();
    }
  }

  /**
   * Sets the client sessions that {@code pg_stat_activity} lists and {@code pg_cancel_backend} and
   * {@code pg_terminate_backend} act on (the PostgreSQL protocol server's).
   */
  public void setSessionDirectory(SessionDirectory sessions) {
    this.sessions = requireNonNull(sessions, "sessions is null");
    planner.setSessionDirectory(sessions);
  }

  /** Entries in the node's plan cache. */
  public int planCacheSize() {
    return planCache.size();
  }

  /**
   * Statements planned by Calcite since the engine started (a plan taken from the cache is not).
   */
  public long plannedStatements() {
    return plannedStatements.get();
  }

  private PlannedStatement plan(String sql, SqlNode parsed) {
    plannedStatements.incrementAndGet();
    return planner.plan(sql, parsed);
  }

  private PlannedStatement planParameterized(String sql, List<@Nullable DataType> types) {
    plannedStatements.incrementAndGet();
    return planner.planParameterized(sql, types);
  }

  /**
   * The prepared query's plan, made again first when a table it reads changed; with {@code
   * isResultTypeFixed} (a client holds the described columns) a new plan must keep the result
   * columns.
   */
  private PreparedQuery.Snapshot current(PreparedQuery prepared, boolean isResultTypeFixed) {
    PreparedQuery.Snapshot snapshot = prepared.snapshot();
    if (snapshot.isCurrent(catalog)) {
      return snapshot;
    }
    PlannedStatement planned = planParameterized(prepared.sql(), prepared.declaredTypes());
    if (isResultTypeFixed && !sameResult(snapshot.planned(), planned)) {
      throw new ResultTypeChangedException();
    }
    PreparedQuery.Snapshot fresh = PreparedQuery.Snapshot.of(planned);
    prepared.replace(fresh);
    if (planned.isReusable()) {
      planCache.put(new PlanCache.Key(prepared.sql(), prepared.declaredTypes()), fresh);
    }
    return fresh;
  }

  private static boolean sameResult(PlannedStatement before, PlannedStatement after) {
    if (!before.columnNames().equals(after.columnNames())) {
      return false;
    }
    List<RelDataTypeField> old = before.plan().getRowType().getFieldList();
    List<RelDataTypeField> now = after.plan().getRowType().getFieldList();
    for (int i = 0; i < old.size(); i++) {
      if (!ExpressionCompiler.toDataType(old.get(i).getType())
          .equals(ExpressionCompiler.toDataType(now.get(i).getType()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Binds the values and plans the operators of a query planned before; the query's result, or a
   * failure, finishes the execution.
   */
  private QueryResult run(
      PreparedQuery.Snapshot snapshot, List<@Nullable String> values, Execution execution) {
    try {
      access.checkRead(snapshot.tableList(), snapshot.planned().plan());
      RelNode plan = rowSecurity.filterReads(snapshot.bind(values));
      LocalExecutionPlanner.PhysicalPlan physical = physicalPlan(execution, plan);
      return new QueryResult(
          snapshot.planned().columnNames(), physical.types(), physical.stream(), execution::finish);
    } catch (RuntimeException e) {
      execution.finish();
      throw e;
    }
  }

  /**
   * Reports a COPY FROM that the caller ran beside the engine (it writes the catalog's tables
   * through a write transaction of its own), so that its listener sees every write; {@code client}
   * is the session's, which a COPY FROM STDIN keeps from its start to its last message.
   */
  public void reportCopy(
      CurrentSession.@Nullable Client client,
      String table,
      String sql,
      long durationNanos,
      long rows,
      long bytes,
      @Nullable RuntimeException error) {
    if (rows > 0) {
      counters(table).rowsInserted.add(rows);
    }
    report(StatementListener.Kind.COPY, client, sql, durationNanos, rows, bytes, error);
  }

  /**
   * Reports a gRPC Ingest batch the caller applied beside the engine (see {@link #reportCopy});
   * {@code description} names it in the query log.
   */
  public void reportIngest(
      String table,
      String description,
      long durationNanos,
      long rows,
      long bytes,
      @Nullable RuntimeException error) {
    if (rows > 0) {
      counters(table).rowsInserted.add(rows);
    }
    report(
        StatementListener.Kind.INGEST,
        CurrentSession.client(),
        description,
        durationNanos,
        rows,
        bytes,
        error);
  }

  private void report(
      StatementListener.Kind kind,
      CurrentSession.@Nullable Client client,
      String sql,
      long durationNanos,
      long rows,
      long bytes,
      @Nullable RuntimeException error) {
    listener.statementFinished(
        new FinishedStatement(
            nextQueryId.incrementAndGet(),
            kind,
            sql,
            client,
            nowMicros() - durationNanos / 1000,
            durationNanos,
            rows,
            ScanStatistics.Snapshot.ZERO,
            0,
            bytes,
            error == null ? null : errorCode(error),
            error == null ? null : error.getMessage()));
  }

  private StatementResult explain(String sql, boolean isAnalyze, Execution execution) {
    try {
      SqlNode parsed = planner.parse(sql);
      PlannedStatement planned = plan(sql, parsed);
      RelNode plan = rowSecurity.filterReads(planned.plan());
      access.checkRead(tablesOf(planned), planned.plan());
      if (plan instanceof TableModify) {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED, "EXPLAIN of INSERT is not supported yet");
      }
      LocalExecutionPlanner.PhysicalPlan physical = physicalPlan(execution, plan);
      if (isAnalyze) {
        try (PageStream stream = physical.stream()) {
          while (stream.next() != null) {
            // Run the query to completion; only the measurements are shown.
          }
        }
      }
      String text = physical.root().render(isAnalyze);
      VarcharBlock lines = VarcharBlock.of(text.split("\n"));
      return new QueryResult(
          List.of("QUERY PLAN"),
          List.of(DataType.VARCHAR),
          new ListStream(List.of(Page.of(lines))),
          () -> {});
    } finally {
      execution.finish();
    }
  }

  /** Runs an INSERT, staging its rows in {@code write}, which the caller commits. */
  private CommandResult insert(
      String sql, SqlNode parsed, Execution execution, WriteTransaction write) {
    if (parsed instanceof SqlInsert insert) {
      String name = LiteralInsert.tableName(insert);
      Table target = name == null ? null : catalog.table(name);
      Page literalRows = target == null ? null : LiteralInsert.tryBuild(insert, target);
      if (literalRows != null) {
        access.checkInsert(target, insertedColumns(insert, target));
        rowSecurity.checkInsert(target, literalRows);
        execution.insertedTable = target.name();
        write.append(target, literalRows);
        return new CommandResult("INSERT", literalRows.positionCount());
      }
    }
    PlannedStatement planned = plan(sql, parsed);
    if (!(planned.plan() instanceof TableModify modify)) {
      throw new AuroraException(
          ErrorCode.INTERNAL_ERROR, "INSERT did not plan to a table modification");
    }
    List<String> qualifiedName = modify.getTable().getQualifiedName();
    AuroraCalciteSchema.CalciteTable target =
        modify.getTable().unwrap(AuroraCalciteSchema.CalciteTable.class);
    if (target != null && SystemSchemas.isSystemTable(target.table())) {
      // Checked before the catalog lookup by bare name, which would find a user table of the
      // same name: INSERT INTO system.nodes must not write into public.nodes.
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "System table[" + target.table().name() + "] is read-only");
    }
    String tableName = qualifiedName.get(qualifiedName.size() - 1);
    Table table = catalog.table(tableName);
    if (table == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE, "Table[" + tableName + "] does not exist");
    }
    access.checkInsert(table, insertedColumns(parsed, table));
    access.checkRead(tablesOf(planned), modify.getInput());
    long rows = 0;
    execution.insertedTable = table.name();
    LocalExecutionPlanner.PhysicalPlan plan =
        physicalPlan(execution, rowSecurity.filterReads(modify.getInput()));
    List<ColumnSchema> columns = table.schema().columns();
    try (PageStream stream = plan.stream()) {
      for (Page page = stream.next(); page != null; page = stream.next()) {
        Page rowsPage = conform(page.compact(), plan.types(), columns);
        rowSecurity.checkInsert(table, rowsPage);
        write.append(table, rowsPage);
        rows += rowsPage.positionCount();
      }
    }
    return new CommandResult("INSERT", rows);
  }

  /**
   * Runs a DELETE: its condition, planned as the WHERE of {@code SELECT * FROM table}, becomes the
   * storage predicates every replica applies ({@link DeleteConditions}). Outside a block the rows
   * go at once, atomically across shards; in a block they go at COMMIT, and the block's statements
   * stop seeing them now ({@link PendingWrites#delete}).
   */
  private CommandResult delete(String statement, @Nullable PendingWrites block) {
    Matcher matcher = DELETE_FROM.matcher(statement);
    if (!matcher.matches()) {
      throw new AuroraException(
          ErrorCode.SYNTAX_ERROR, "DELETE is written DELETE FROM table [WHERE condition]");
    }
    String select = "SELECT * FROM " + matcher.group(1);
    PlannedStatement planned = plan(select, planner.parse(select));
    if (!planned.views().isEmpty()) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED,
          "cannot delete from view \"" + planned.views().get(0) + "\": delete from its table");
    }
    DeleteConditions.Target target = DeleteConditions.of(planned.plan(), matcher.group(1));
    Table table = target.table();
    if (SystemSchemas.isSystemTable(table)) {
      throw new AuroraException(
          ErrorCode.FEATURE_NOT_SUPPORTED, "System table[" + table.name() + "] is read-only");
    }
    access.checkTable(table, Privilege.DELETE);
    if (!isBareTableName(matcher.group(1))) {
      // PostgreSQL asks for SELECT on the columns a condition reads.
      Set<String> conditionColumns = new LinkedHashSet<>();
      for (List<ColumnPredicate> conjunction : target.disjunction()) {
        for (ColumnPredicate predicate : conjunction) {
          conditionColumns.add(predicate.column());
        }
      }
      access.checkColumns(table, conditionColumns, Privilege.SELECT);
    }
    String user = AccessStatements.sessionUser();
    String policy =
        user == null
            ? null
            : RowSecurity.usingCondition(catalog.access(), user, table.name(), "DELETE");
    if (policy != null) {
      // Only the rows the session's DELETE policies accept go.
      Matcher where = WHERE_CLAUSE.matcher(matcher.group(1));
      String from =
          where.matches()
              ? where.group(1) + " WHERE (" + where.group(2) + ") AND (" + policy + ")"
              : stripSemicolon(matcher.group(1).strip()) + " WHERE " + policy;
      String limited = "SELECT * FROM " + from;
      target = DeleteConditions.of(plan(limited, planner.parse(limited)).plan(), from);
    }
    if (target.disjunction().isEmpty()) {
      return new CommandResult("DELETE", 0);
    }
    long rows =
        block == null
            ? table.delete(target.disjunction())
            : block.delete(table, target.disjunction());
    counters(table.name()).rowsDeleted.add(rows);
    return new CommandResult("DELETE", rows);
  }

  /**
   * Runs a TRUNCATE: every row of the tables goes at once (one write transaction over all their
   * shards), or at COMMIT in a block.
   */
  private CommandResult truncate(DdlStatement.Truncate truncate, @Nullable PendingWrites block) {
    List<Table> tables = new ArrayList<>();
    for (String name : truncate.tables()) {
      Table table = catalog.table(name);
      if (table == null) {
        throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
      }
      if (SystemSchemas.isSystemTable(table)) {
        throw new AuroraException(
            ErrorCode.FEATURE_NOT_SUPPORTED, "System table[" + name + "] is read-only");
      }
      access.checkTable(table, Privilege.TRUNCATE);
      tables.add(table);
    }
    List<List<ColumnPredicate>> everything = List.of(List.of());
    if (block != null) {
      for (Table table : tables) {
        block.delete(table, everything);
      }
    } else if (tables.size() == 1) {
      tables.get(0).delete(everything);
    } else {
      try (WriteTransaction write = catalog.beginWrite()) {
        for (Table table : tables) {
          write.delete(table, everything);
        }
        write.commit();
      }
    }
    return new CommandResult("TRUNCATE TABLE", 0);
  }

  /** Converts the blocks of an INSERT's source to the table's physical types where they differ. */
  private static Page conform(Page page, List<DataType> types, List<ColumnSchema> columns) {
    if (page.channelCount() != columns.size()) {
      throw new AuroraException(
          ErrorCode.DATATYPE_MISMATCH,
          "INSERT has "
              + page.channelCount()
              + " expressions but the table has "
              + columns.size()
              + " columns");
    }
    Block[] blocks = new Block[columns.size()];
    for (int c = 0; c < blocks.length; c++) {
      DataType target = columns.get(c).type();
      Block block = page.block(c);
      if (types.get(c).physicalType() == target.physicalType()) {
        blocks[c] = block;
        continue;
      }
      BlockBuilder builder = BlockBuilder.forType(target, page.positionCount());
      for (int position = 0; position < page.positionCount(); position++) {
        builder.appendObject(block.objectValue(position), target);
      }
      blocks[c] = builder.build();
    }
    return new Page(page.positionCount(), blocks);
  }

  /**
   * The view CREATE VIEW defines: its query is planned now, so that an error in it fails the
   * statement, and the columns and the relations it reads are taken from the plan.
   */
  private ViewDefinition viewDefinition(DdlStatement.CreateView create) {
    SqlNode parsed = planner.parse(create.query());
    if (!parsed.isA(SqlKind.QUERY)) {
      throw new AuroraException(
          ErrorCode.SYNTAX_ERROR, "A view's query must be a SELECT, VALUES or set operation");
    }
    PlannedStatement planned = plan(create.query(), parsed);
    List<String> names = planned.columnNames();
    if (!create.columnNames().isEmpty()) {
      if (create.columnNames().size() > names.size()) {
        throw new AuroraException(
            ErrorCode.SYNTAX_ERROR, "CREATE VIEW specifies more column names than columns");
      }
      List<String> renamed = new ArrayList<>(create.columnNames());
      renamed.addAll(names.subList(create.columnNames().size(), names.size()));
      names = renamed;
    }
    List<RelDataTypeField> fields = planned.plan().getRowType().getFieldList();
    List<ColumnSchema> columns = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (!seen.add(names.get(i))) {
        throw new AuroraException(
            ErrorCode.DUPLICATE_COLUMN, "Column[" + names.get(i) + "] specified more than once");
      }
      columns.add(
          new ColumnSchema(
              names.get(i), ExpressionCompiler.toDataType(fields.get(i).getType()), true));
    }
    List<String> dependencies = new ArrayList<>();
    for (AuroraCalciteSchema.CalciteTable table : planned.tables()) {
      dependencies.add(table.table().name());
    }
    dependencies.addAll(planned.views());
    return new ViewDefinition(create.name(), create.query(), columns, dependencies);
  }

  private StatementResult executeDdl(DdlStatement ddl) {
    StatementResult changedAccess = access.execute(ddl);
    if (changedAccess != null) {
      return changedAccess;
    }
    String target = null;
    if (ddl instanceof DdlStatement.CreateTable create) {
      target = create.name();
    } else if (ddl instanceof DdlStatement.DropTable drop) {
      target = drop.name();
    } else if (ddl instanceof DdlStatement.AddColumn add) {
      target = add.table();
    } else if (ddl instanceof DdlStatement.CreateIndex index) {
      target = index.table();
    } else if (ddl instanceof DdlStatement.SetRetention retention) {
      target = retention.table();
    }
    if (target != null && Catalog.isInternal(target)) {
      throw new AuroraException(
          ErrorCode.RESERVED_NAME,
          "Table name["
              + target
              + "] is reserved: names starting with \""
              + Catalog.INTERNAL_PREFIX
              + "\" belong to Aurora's own tables");
    }
    if (ddl instanceof DdlStatement.CreateTable create) {
      boolean existed = create.ifNotExists() && catalog.table(create.name()) != null;
      catalog.createTable(create.name(), create.schema(), create.options(), create.ifNotExists());
      if (!existed) {
        access.recordOwner(create.name());
      }
      return new CommandResult(
          "CREATE TABLE",
          0,
          existed
              ? new CommandResult.Notice(
                  ErrorCode.DUPLICATE_TABLE.sqlState(),
                  "relation \"" + create.name() + "\" already exists, skipping")
              : null);
    }
    if (ddl instanceof DdlStatement.DropTable drop) {
      boolean missing = drop.ifExists() && catalog.table(drop.name()) == null;
      catalog.dropTable(drop.name(), drop.ifExists());
      return new CommandResult(
          "DROP TABLE",
          0,
          missing
              ? new CommandResult.Notice(
                  "00000", "table \"" + drop.name() + "\" does not exist, skipping")
              : null);
    }
    if (ddl instanceof DdlStatement.CreateView create) {
      catalog.createView(viewDefinition(create), create.orReplace());
      return new CommandResult("CREATE VIEW", 0);
    }
    if (ddl instanceof DdlStatement.CreateEndpoint create) {
      EndpointDefinition endpoint = new EndpointDefinition(create.name(), create.query());
      EndpointDefinition.Parsed parsed = endpoint.parse();
      // Planned now, with its parameters typed, so that an error in it fails the statement.
      List<@Nullable DataType> types = new ArrayList<>();
      for (EndpointDefinition.Parameter parameter : parsed.parameters()) {
        types.add(parameter.type());
      }
      PlannedStatement planned = planParameterized(parsed.query(), types);
      if (!SqlPlanner.isQuery(planned.kind())) {
        throw new AuroraException(
            ErrorCode.SYNTAX_ERROR,
            "An endpoint's query must be a SELECT, VALUES or set operation");
      }
      catalog.createEndpoint(endpoint, create.orReplace());
      return new CommandResult("CREATE ENDPOINT", 0);
    }
    if (ddl instanceof DdlStatement.DropEndpoint drop) {
      boolean missing = drop.ifExists() && catalog.endpoint(drop.name()) == null;
      catalog.dropEndpoint(drop.name(), drop.ifExists());
      return new CommandResult(
          "DROP ENDPOINT",
          0,
          missing
              ? new CommandResult.Notice(
                  "00000", "endpoint \"" + drop.name() + "\" does not exist, skipping")
              : null);
    }
    if (ddl instanceof DdlStatement.DropView drop) {
      boolean missing = drop.ifExists() && catalog.view(drop.name()) == null;
      catalog.dropView(drop.name(), drop.ifExists());
      return new CommandResult(
          "DROP VIEW",
          0,
          missing
              ? new CommandResult.Notice(
                  "00000", "view \"" + drop.name() + "\" does not exist, skipping")
              : null);
    }
    if (ddl instanceof DdlStatement.CreatePipeline create) {
      PipelineDefinition pipeline = create.pipeline().withOwner(access.ownerOfNewObject());
      boolean hadErrorTable = catalog.table(pipeline.errorTable()) != null;
      catalog.createPipeline(pipeline, create.ifNotExists());
      if (!hadErrorTable) {
        access.recordOwner(pipeline.errorTable());
      }
      return new CommandResult("CREATE PIPELINE", 0);
    }
    if (ddl instanceof DdlStatement.DropPipeline drop) {
      catalog.dropPipeline(drop.name(), drop.ifExists());
      return new CommandResult("DROP PIPELINE", 0);
    }
    if (ddl instanceof DdlStatement.SetPipelineRunning set) {
      catalog.setPipelineRunning(set.name(), set.running());
      return new CommandResult(set.running() ? "START PIPELINE" : "STOP PIPELINE", 0);
    }
    if (ddl instanceof DdlStatement.AddColumn add) {
      catalog.addColumn(add.table(), add.column());
      return new CommandResult("ALTER TABLE", 0);
    }
    if (ddl instanceof DdlStatement.CreateIndex index) {
      Table table = catalog.table(index.table());
      if (table == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_TABLE, "Table[" + index.table() + "] does not exist");
      }
      for (String column : index.columns()) {
        if (table.schema().indexOf(column) < 0) {
          throw new AuroraException(
              ErrorCode.UNDEFINED_COLUMN,
              "Column[" + column + "] does not exist in table[" + index.table() + "]");
        }
      }
      return new CommandResult("CREATE INDEX", 0);
    }
    if (ddl instanceof DdlStatement.DropIndex) {
      return new CommandResult("DROP INDEX", 0);
    }
    if (ddl instanceof DdlStatement.SetRetention retention) {
      Table table = catalog.table(retention.table());
      if (table == null) {
        throw new AuroraException(
            ErrorCode.UNDEFINED_TABLE, "Table[" + retention.table() + "] does not exist");
      }
      if (retention.retentionMicros() > 0 && table.schema().timeColumn() == null) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Table option retention needs a table partitioned by time; table["
                + retention.table()
                + "] is not");
      }
      catalog.setRetention(retention.table(), retention.retentionMicros());
      return new CommandResult("ALTER TABLE", 0);
    }
    if (ddl instanceof DdlStatement.Checkpoint) {
      catalog.checkpoint();
      return new CommandResult("CHECKPOINT", 0);
    }
    if (ddl instanceof DdlStatement.ShowTables) {
      VarcharBlock names = VarcharBlock.of(catalog.tableNames().toArray(new String[0]));
      return rowsResult(List.of("table_name"), List.of(Page.of(names)));
    }
    DdlStatement.DescribeTable describe = (DdlStatement.DescribeTable) ddl;
    Table table = catalog.table(describe.name());
    if (table == null) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_TABLE, "Table[" + describe.name() + "] does not exist");
    }
    TableSchema schema = table.schema();
    List<String> names = new ArrayList<>();
    List<String> types = new ArrayList<>();
    List<String> nullable = new ArrayList<>();
    for (ColumnSchema column : schema.columns()) {
      names.add(column.name());
      types.add(column.type().toString().toLowerCase(Locale.ROOT));
      nullable.add(column.nullable() ? "YES" : "NO");
    }
    Page page =
        Page.of(
            VarcharBlock.of(names.toArray(new String[0])),
            VarcharBlock.of(types.toArray(new String[0])),
            VarcharBlock.of(nullable.toArray(new String[0])));
    return rowsResult(List.of("column_name", "data_type", "is_nullable"), List.of(page));
  }

  private static QueryResult rowsResult(List<String> names, List<Page> pages) {
    List<DataType> types = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      types.add(DataType.VARCHAR);
    }
    return new QueryResult(names, types, new ListStream(pages), () -> {});
  }

  private static List<Table> tablesOf(PlannedStatement planned) {
    List<Table> tables = new ArrayList<>();
    for (AuroraCalciteSchema.CalciteTable table : planned.tables()) {
      tables.add(table.table());
    }
    return tables;
  }

  /** The columns an INSERT names, or all of the table's when it names none (PostgreSQL's rule). */
  private static List<String> insertedColumns(SqlNode parsed, Table table) {
    List<String> names = new ArrayList<>();
    if (parsed instanceof SqlInsert insert && insert.getTargetColumnList() != null) {
      for (SqlNode column : insert.getTargetColumnList()) {
        List<String> parts = ((SqlIdentifier) column).names;
        names.add(parts.get(parts.size() - 1));
      }
      return names;
    }
    for (ColumnSchema column : table.schema().columns()) {
      names.add(column.name());
    }
    return names;
  }

  /** Whether the text after DELETE FROM is a table name alone, without a condition. */
  private static boolean isBareTableName(String text) {
    String trimmed = stripSemicolon(text.strip());
    for (int i = 0; i < trimmed.length(); i++) {
      if (Character.isWhitespace(trimmed.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  private static String stripSemicolon(String sql) {
    String trimmed = sql.strip();
    while (trimmed.endsWith(";")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
    }
    return trimmed;
  }

  /**
   * The command of a statement that changes the catalog ({@code CREATE TABLE}, {@code CHECKPOINT},
   * ...), or null for any other statement, including DDL that only reads the catalog ({@code SHOW
   * TABLES}) or does nothing ({@code CREATE INDEX}). Such a statement cannot run in a transaction
   * block; a session asks before it runs one where it holds writes of its own.
   */
  public @Nullable String catalogChange(String sql) {
    DdlStatement ddl = DdlParser.tryParse(stripSemicolon(requireNonNull(sql, "sql is null")));
    return ddl == null ? null : catalogChange(ddl);
  }

  private static @Nullable String catalogChange(DdlStatement ddl) {
    if (ddl instanceof DdlStatement.CreateTable) {
      return "CREATE TABLE";
    } else if (ddl instanceof DdlStatement.DropTable) {
      return "DROP TABLE";
    } else if (ddl instanceof DdlStatement.AddColumn || ddl instanceof DdlStatement.SetRetention) {
      return "ALTER TABLE";
    } else if (ddl instanceof DdlStatement.CreateView) {
      return "CREATE VIEW";
    } else if (ddl instanceof DdlStatement.DropView) {
      return "DROP VIEW";
    } else if (ddl instanceof DdlStatement.CreateEndpoint) {
      return "CREATE ENDPOINT";
    } else if (ddl instanceof DdlStatement.DropEndpoint) {
      return "DROP ENDPOINT";
    } else if (ddl instanceof DdlStatement.CreatePipeline) {
      return "CREATE PIPELINE";
    } else if (ddl instanceof DdlStatement.DropPipeline) {
      return "DROP PIPELINE";
    } else if (ddl instanceof DdlStatement.SetPipelineRunning set) {
      return set.running() ? "START PIPELINE" : "STOP PIPELINE";
    } else if (ddl instanceof DdlStatement.Checkpoint) {
      return "CHECKPOINT";
    } else if (ddl instanceof DdlStatement.CreateRole) {
      return "CREATE ROLE";
    } else if (ddl instanceof DdlStatement.AlterRole) {
      return "ALTER ROLE";
    } else if (ddl instanceof DdlStatement.DropRoles) {
      return "DROP ROLE";
    } else if (ddl instanceof DdlStatement.GrantRoles grant) {
      return grant.isGrant() ? "GRANT" : "REVOKE";
    } else if (ddl instanceof DdlStatement.GrantPrivileges grant) {
      return grant.isGrant() ? "GRANT" : "REVOKE";
    } else if (ddl instanceof DdlStatement.AlterTableOwner) {
      return "ALTER TABLE";
    } else if (ddl instanceof DdlStatement.AlterDefaultPrivileges) {
      return "ALTER DEFAULT PRIVILEGES";
    } else if (ddl instanceof DdlStatement.SetRowSecurity) {
      return "ALTER TABLE";
    } else if (ddl instanceof DdlStatement.CreatePolicy) {
      return "CREATE POLICY";
    } else if (ddl instanceof DdlStatement.DropPolicy) {
      return "DROP POLICY";
    } else if (ddl instanceof DdlStatement.CreateToken) {
      return "CREATE TOKEN";
    } else if (ddl instanceof DdlStatement.DropToken) {
      return "DROP TOKEN";
    }
    return null;
  }

  /**
   * The operators of one statement, whose scans read through the execution's reader; {@code
   * pg_cancel_backend} in it signals this node's sessions.
   */
  private LocalExecutionPlanner.PhysicalPlan physicalPlan(Execution execution, RelNode plan) {
    SessionDirectory outer = CurrentSession.bindSessions(access.guard(sessions));
    String user = AccessStatements.sessionUser();
    java.util.function.LongPredicate outerQueries =
        CurrentSession.bindQueries(
            user == null ? this::cancelQuery : queryId -> cancelQueryAs(user, queryId));
    try {
      LocalExecutionPlanner.PhysicalPlan physical =
          new LocalExecutionPlanner(
                  execution.context(),
                  workers,
                  config.queryParallelism(),
                  execution.reader(),
                  config.remoteFragments())
              .plan(plan);
      execution.plans.add(physical.root());
      return physical;
    } finally {
      CurrentSession.bindSessions(outer);
      CurrentSession.bindQueries(outerQueries);
    }
  }

  private Execution start(
      Trace trace,
      AtomicBoolean isCancelled,
      Duration statementTimeout,
      @Nullable PendingWrites block) {
    MemoryContext memory = new MemoryContext(config.queryMaxMemoryBytes());
    ScheduledFuture<?> timeout = null;
    if (!statementTimeout.isZero()) {
      timeout =
          timeouts.schedule(
              () -> isCancelled.set(true), statementTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    Execution execution =
        new Execution(
            trace,
            memory,
            isCancelled,
            new OperatorContext(memory, isCancelled),
            timeout,
            block == null ? TableReader.COMMITTED : block::scan,
            running);
    trace.execution = execution;
    running.put(trace.queryId, execution);
    return execution;
  }

  /**
   * Cancels the statement running under {@code queryId} ({@code system.queries}), whatever its
   * protocol: it fails with QUERY_CANCELED (57014) at its next batch. Returns whether it was
   * running.
   */
  public boolean cancelQuery(long queryId) {
    Execution execution = running.get(queryId);
    if (execution == null) {
      return false;
    }
    LOG.info("Cancelling query_id[{}] (cancel_query)", queryId);
    execution.isCancelled.set(true);
    return true;
  }

  /** {@code cancel_query} run by {@code user}: 42501 for another role's statement (see above). */
  private boolean cancelQueryAs(String user, long queryId) {
    Execution execution = running.get(queryId);
    CurrentSession.Client client = execution == null ? null : execution.trace.client;
    if (client != null) {
      AccessStatements.checkSignal(catalog.access(), user, client.user(), "cancel query");
    }
    return cancelQuery(queryId);
  }

  /** Each user table's activity since the engine started ({@code pg_stat_user_tables}). */
  public Map<String, TableActivity> tableActivity() {
    Map<String, TableActivity> tables = new java.util.HashMap<>();
    activity.forEach(
        (table, counters) ->
            tables.put(
                table,
                new TableActivity(
                    counters.scans.sum(),
                    counters.lastScanMicros,
                    counters.rowsRead.sum(),
                    counters.rowsInserted.sum(),
                    counters.rowsDeleted.sum())));
    return tables;
  }

  private ActivityCounters counters(String table) {
    return activity.computeIfAbsent(table, name -> new ActivityCounters());
  }

  /** The counters behind {@link TableActivity}; updated by many statements at once. */
  private static final class ActivityCounters {
    final java.util.concurrent.atomic.LongAdder scans = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rowsRead =
        new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rowsInserted =
        new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder rowsDeleted =
        new java.util.concurrent.atomic.LongAdder();
    volatile long lastScanMicros = -1;
  }

  /** The statements running now ({@code system.queries}), oldest first. */
  public List<RunningQuery> runningQueries() {
    List<RunningQuery> queries = new ArrayList<>();
    long now = System.nanoTime();
    for (Execution execution : running.values()) {
      Trace trace = execution.trace;
      CurrentSession.Client client = trace.client;
      ScanStatistics.Snapshot scanned = execution.scanned();
      queries.add(
          new RunningQuery(
              trace.queryId,
              trace.shownSql,
              client == null ? null : client.protocol(),
              client == null ? 0 : client.pid(),
              client == null ? null : client.user(),
              client == null ? null : client.address(),
              trace.startMicros,
              now - trace.startNanos,
              scanned.rowsScanned(),
              scanned.bytesRead(),
              execution.memory().reservedBytes(),
              execution.memory().peakBytes()));
    }
    queries.sort(java.util.Comparator.comparingLong(RunningQuery::queryId));
    return queries;
  }

  @Override
  public void close() {
    timeouts.shutdownNow();
    workers.shutdownNow();
  }

  /** A query's pages as read by the caller, counting rows and keeping the error that ended it. */
  private static final class ObservedStream implements PageStream {
    private final QueryResult result;
    private long rows;
    private @Nullable RuntimeException error;

    ObservedStream(QueryResult result) {
      this.result = result;
    }

    @Override
    public @Nullable Page next() {
      try {
        Page page = result.next();
        if (page != null) {
          rows += page.rowCount();
        }
        return page;
      } catch (RuntimeException e) {
        error = e;
        throw e;
      }
    }

    @Override
    public void close() {
      result.close();
    }
  }

  /**
   * The per-statement state of a statement that reads tables: its {@link Trace} (it is listed in
   * {@code running} under the trace's query id until it finishes), its memory and operator context,
   * its timeout (cancelled when it ends), how it reads tables, and the operators planned for it,
   * whose scans count the rows read.
   */
  private final class Execution {
    final Trace trace;
    final MemoryContext memory;
    final AtomicBoolean isCancelled;
    final OperatorContext context;
    final @Nullable ScheduledFuture<?> timeout;
    final TableReader reader;
    final Map<Long, Execution> running;
    final List<PlanNodeStats> plans = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile @Nullable String insertedTable;

    Execution(
        Trace trace,
        MemoryContext memory,
        AtomicBoolean isCancelled,
        OperatorContext context,
        @Nullable ScheduledFuture<?> timeout,
        TableReader reader,
        Map<Long, Execution> running) {
      this.trace = trace;
      this.memory = memory;
      this.isCancelled = isCancelled;
      this.context = context;
      this.timeout = timeout;
      this.reader = reader;
      this.running = running;
    }

    MemoryContext memory() {
      return memory;
    }

    OperatorContext context() {
      return context;
    }

    TableReader reader() {
      return reader;
    }

    /** What the statement's scans read and skipped so far, all scans together. */
    ScanStatistics.Snapshot scanned() {
      ScanStatistics.Snapshot total = ScanStatistics.Snapshot.ZERO;
      for (PlanNodeStats plan : plans) {
        total = scanned(plan, total);
      }
      return total;
    }

    private static ScanStatistics.Snapshot scanned(
        PlanNodeStats node, ScanStatistics.Snapshot total) {
      ScanStatistics statistics = node.scanStatistics();
      ScanStatistics.Snapshot sum = statistics == null ? total : total.plus(statistics.snapshot());
      for (PlanNodeStats child : node.children()) {
        sum = scanned(child, sum);
      }
      return sum;
    }

    void finish() {
      if (running.remove(trace.queryId) == null) {
        return;
      }
      if (timeout != null) {
        timeout.cancel(false);
      }
      for (PlanNodeStats plan : plans) {
        countScans(plan);
      }
    }

    private void countScans(PlanNodeStats node) {
      Table table = node.scannedTable();
      ScanStatistics statistics = node.scanStatistics();
      if (table != null && statistics != null && !SystemSchemas.isSystemTable(table)) {
        ActivityCounters counters = counters(table.name());
        counters.scans.increment();
        counters.rowsRead.add(statistics.snapshot().rowsScanned());
        counters.lastScanMicros = nowMicros();
      }
      for (PlanNodeStats child : node.children()) {
        countScans(child);
      }
    }
  }
}
