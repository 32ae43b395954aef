package io.aurora.server.grpc;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.aurora.client.proto.AuroraGrpc;
import io.aurora.client.proto.DescribeTableRequest;
import io.aurora.client.proto.DescribeTableResponse;
import io.aurora.client.proto.ExecuteRequest;
import io.aurora.client.proto.ExecuteResponse;
import io.aurora.client.proto.HealthRequest;
import io.aurora.client.proto.HealthResponse;
import io.aurora.client.proto.IngestRequest;
import io.aurora.client.proto.IngestResponse;
import io.aurora.client.proto.ListTablesRequest;
import io.aurora.client.proto.ListTablesResponse;
import io.aurora.client.proto.Parameter;
import io.aurora.client.proto.QueryRequest;
import io.aurora.client.proto.QueryResponse;
import io.aurora.server.pgwire.ParameterBinder;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.engine.CommandResult;
import io.aurora.sql.engine.PreparedQuery;
import io.aurora.sql.engine.QueryResult;
import io.aurora.sql.engine.SqlEngine;
import io.aurora.sql.engine.StatementResult;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code aurora.v1.Aurora} service over one {@link SqlEngine}.
 *
 * <pre>
 *   Ingest  (bidirectional): IngestRequest ─▶ decode Arrow batch into a page in table order
 *           ─▶ Table.append(page, producer, sequence) (durable and visible) ─▶ IngestResponse
 *           batches of one call are applied one after another, in the order received
 *   Query   (server streaming): bind parameters ─▶ engine ─▶ schema message ─▶ for each page:
 *           wait until the transport is ready ─▶ record batch message(s)
 * </pre>
 *
 * <p>Every call fails with UNAVAILABLE while the node is not ready. Queries run on {@code
 * queryExecutor}, not on gRPC's threads, because they wait for the client's flow control window.
 */
final class AuroraGrpcService extends AuroraGrpc.AuroraImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(AuroraGrpcService.class);

  /** Rows per record batch when the client does not say. */
  private static final int DEFAULT_BATCH_ROWS = 8192;

  private static final DateTimeFormatter TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);

  private final SqlEngine engine;
  private final BooleanSupplier isReady;
  private final String version;
  private final BufferAllocator allocator;
  private final ExecutorService queryExecutor;
  private final Set<IngestCall> ingestCalls = ConcurrentHashMap.newKeySet();
  private volatile boolean isStopping;

  AuroraGrpcService(
      SqlEngine engine,
      BooleanSupplier isReady,
      String version,
      BufferAllocator allocator,
      ExecutorService queryExecutor) {
    this.engine = requireNonNull(engine, "engine is null");
    this.isReady = requireNonNull(isReady, "isReady is null");
    this.version = requireNonNull(version, "version is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.queryExecutor = requireNonNull(queryExecutor, "queryExecutor is null");
  }

  /**
   * Ends every open {@code Ingest} call with UNAVAILABLE once its current batch (if any) is
   * answered, so that writers reconnect elsewhere or after the restart and resend only what was not
   * acknowledged.
   */
  void stopIngest() {
    isStopping = true;
    for (IngestCall call : ingestCalls) {
      call.stop();
    }
  }

  @Override
  public void health(HealthRequest request, StreamObserver<HealthResponse> observer) {
    observer.onNext(
        HealthResponse.newBuilder()
            .setStatus(
                isReady.getAsBoolean() && !isStopping
                    ? HealthResponse.Status.SERVING
                    : HealthResponse.Status.NOT_SERVING)
            .setVersion(version)
            .build());
    observer.onCompleted();
  }

  @Override
  public void listTables(ListTablesRequest request, StreamObserver<ListTablesResponse> observer) {
    unary(
        observer,
        () -> ListTablesResponse.newBuilder().addAllTables(engine.catalog().tableNames()).build());
  }

  @Override
  public void describeTable(
      DescribeTableRequest request, StreamObserver<DescribeTableResponse> observer) {
    unary(
        observer,
        () -> {
          Table table = table(request.getTable());
          TableSchema schema = table.schema();
          DescribeTableResponse.Builder response =
              DescribeTableResponse.newBuilder()
                  .setTable(table.name())
                  .setShardCount(schema.shardCount());
          if (schema.timeColumn() != null) {
            response.setTimeColumn(schema.timeColumn());
          }
          for (ColumnSchema column : schema.columns()) {
            response.addColumns(ArrowPages.column(column.name(), column.type(), column.nullable()));
          }
          return response.build();
        });
  }

  @Override
  public void execute(ExecuteRequest request, StreamObserver<ExecuteResponse> observer) {
    unary(
        observer,
        () -> {
          StatementResult result =
              execute(request.getSql(), request.getParametersList(), cancellationFlag());
          if (result instanceof CommandResult command) {
            return ExecuteResponse.newBuilder()
                .setCommandTag(command.commandTag())
                .setRowsAffected(command.rowCount())
                .build();
          }
          long rows = 0;
          try (QueryResult query = (QueryResult) result) {
            for (Page page = query.next(); page != null; page = query.next()) {
              rows += page.rowCount();
            }
          }
          return ExecuteResponse.newBuilder()
              .setCommandTag("SELECT " + rows)
              .setRowsAffected(rows)
              .build();
        });
  }

  @Override
  public void query(QueryRequest request, StreamObserver<QueryResponse> responseObserver) {
    ServerCallStreamObserver<QueryResponse> observer =
        (ServerCallStreamObserver<QueryResponse>) responseObserver;
    AtomicBoolean isCancelled = new AtomicBoolean();
    ReadyGate gate = new ReadyGate();
    observer.setOnReadyHandler(gate::signal);
    observer.setOnCancelHandler(
        () -> {
          isCancelled.set(true);
          gate.signal();
        });
    if (!checkReady(observer)) {
      return;
    }
    Context context = Context.current();
    queryExecutor.execute(context.wrap(() -> runQuery(request, observer, isCancelled, gate)));
  }

  private void runQuery(
      QueryRequest request,
      ServerCallStreamObserver<QueryResponse> observer,
      AtomicBoolean isCancelled,
      ReadyGate gate) {
    int batchRows =
        request.getMaxRowsPerBatch() > 0 ? request.getMaxRowsPerBatch() : DEFAULT_BATCH_ROWS;
    try {
      StatementResult result = execute(request.getSql(), request.getParametersList(), isCancelled);
      if (result instanceof CommandResult) {
        observer.onNext(message(ArrowPages.schemaMessage(new Schema(List.of()))));
        observer.onCompleted();
        return;
      }
      try (QueryResult query = (QueryResult) result) {
        Schema schema = ArrowPages.schema(query.columnNames(), query.types());
        observer.onNext(message(ArrowPages.schemaMessage(schema)));
        try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
          for (Page page = query.next(); page != null; page = query.next()) {
            for (int from = 0; from < page.rowCount(); from += batchRows) {
              gate.awaitReady(observer, isCancelled);
              if (isCancelled.get()) {
                return;
              }
              int count = Math.min(batchRows, page.rowCount() - from);
              observer.onNext(
                  message(ArrowPages.batchMessage(root, page, query.types(), from, count)));
            }
          }
        }
      }
      observer.onCompleted();
    } catch (RuntimeException e) {
      if (!isCancelled.get()) {
        observer.onError(GrpcErrors.toStatus(e));
      }
    }
  }

  @Override
  public StreamObserver<IngestRequest> ingest(StreamObserver<IngestResponse> observer) {
    IngestCall call = new IngestCall((ServerCallStreamObserver<IngestResponse>) observer);
    ingestCalls.add(call);
    ((ServerCallStreamObserver<IngestResponse>) observer)
        .setOnCancelHandler(() -> ingestCalls.remove(call));
    if (isStopping) {
      call.stop();
    }
    return call;
  }

  /**
   * One {@code Ingest} call. gRPC delivers its requests one at a time; each is applied before the
   * next is read, which keeps a producer's sequences in order and lets gRPC's flow control push
   * back on a writer that is faster than the table.
   */
  private final class IngestCall implements StreamObserver<IngestRequest> {
    private final ServerCallStreamObserver<IngestResponse> observer;
    private boolean isDone;

    IngestCall(ServerCallStreamObserver<IngestResponse> observer) {
      this.observer = observer;
    }

    private final CurrentSession.Client client = client();

    @Override
    public synchronized void onNext(IngestRequest request) {
      if (isDone) {
        return;
      }
      CurrentSession.enter(client);
      try {
        apply(request);
      } finally {
        CurrentSession.leave();
      }
    }

    private void apply(IngestRequest request) {
      long startNanos = System.nanoTime();
      try {
        if (!isReady.getAsBoolean() || isStopping) {
          throw Status.UNAVAILABLE.withDescription("Node is not ready").asRuntimeException();
        }
        if (request.getProducerId().isEmpty()) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "Ingest batch has no producer id");
        }
        Table table = table(request.getTable());
        engine
            .catalog()
            .access()
            .checkBulkLoad(client.user(), table.name(), table.schema().columnNames());
        Page page =
            ArrowPages.decodeBatch(
                table.name(), table.schema(), request.getArrowBatch().toByteArray(), allocator);
        // An empty batch has nothing to apply; it still gets its acknowledgement.
        boolean isApplied =
            page.rowCount() == 0
                || table.append(page, request.getProducerId(), request.getSequence());
        if (!isApplied && LOG.isDebugEnabled()) {
          LOG.debug(
              "Ingest: duplicate batch producer[{}] sequence[{}] table[{}]",
              request.getProducerId(),
              request.getSequence(),
              table.name());
        }
        engine.reportIngest(
            table.name(),
            ingestText(request),
            System.nanoTime() - startNanos,
            isApplied ? page.rowCount() : 0,
            isApplied ? request.getArrowBatch().size() : 0,
            null);
        observer.onNext(
            IngestResponse.newBuilder()
                .setSequence(request.getSequence())
                .setRowsAccepted(isApplied ? page.rowCount() : 0)
                .setDuplicate(!isApplied)
                .build());
      } catch (RuntimeException e) {
        engine.reportIngest(
            request.getTable(), ingestText(request), System.nanoTime() - startNanos, 0, 0, e);
        LOG.info(
            "Ingest: batch rejected producer[{}] sequence[{}] table[{}]: {}",
            request.getProducerId(),
            request.getSequence(),
            request.getTable(),
            e.getMessage());
        finish(GrpcErrors.toStatus(e));
      }
    }

    @Override
    public synchronized void onError(Throwable t) {
      isDone = true;
      ingestCalls.remove(this);
    }

    @Override
    public synchronized void onCompleted() {
      if (!isDone) {
        isDone = true;
        ingestCalls.remove(this);
        observer.onCompleted();
      }
    }

    synchronized void stop() {
      finish(Status.UNAVAILABLE.withDescription("Node is shutting down").asRuntimeException());
    }

    private void finish(Throwable status) {
      if (!isDone) {
        isDone = true;
        ingestCalls.remove(this);
        try {
          observer.onError(status);
        } catch (IllegalStateException e) {
          // The client cancelled the call already.
          LOG.debug("Ingest call already closed: {}", e.toString());
        }
      }
    }
  }

  private Table table(String name) {
    if (name.isEmpty()) {
      throw new AuroraException(ErrorCode.INVALID_PARAMETER_VALUE, "Table name is empty");
    }
    Table table = engine.catalog().table(name);
    if (table == null) {
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
    }
    return table;
  }

  private <T> void unary(StreamObserver<T> observer, Supplier<T> call) {
    if (!checkReady(observer)) {
      return;
    }
    T response;
    try {
      response = call.get();
    } catch (RuntimeException e) {
      observer.onError(GrpcErrors.toStatus(e));
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  /** How an Ingest batch appears in the query log. */
  private static String ingestText(IngestRequest request) {
    return "INGEST INTO "
        + request.getTable()
        + " (producer "
        + request.getProducerId()
        + ", sequence "
        + request.getSequence()
        + ")";
  }

  private boolean checkReady(StreamObserver<?> observer) {
    if (isReady.getAsBoolean() && !isStopping) {
      return true;
    }
    observer.onError(Status.UNAVAILABLE.withDescription("Node is not ready").asRuntimeException());
    return false;
  }

  /** A flag the engine polls, set when the client cancels the call or its deadline expires. */
  private static AtomicBoolean cancellationFlag() {
    AtomicBoolean isCancelled = new AtomicBoolean();
    Context.current().addListener(context -> isCancelled.set(true), Runnable::run);
    return isCancelled;
  }

  private static QueryResponse message(byte[] ipc) {
    return QueryResponse.newBuilder().setArrowIpc(ByteString.copyFrom(ipc)).build();
  }

  /**
   * Runs a statement with its parameters: a query through the engine's prepared plans (planned once
   * per text and parameter types), anything else with its values in its text.
   */
  private StatementResult execute(
      String sql, List<Parameter> parameters, AtomicBoolean isCancelled) {
    CurrentSession.enter(client());
    try {
      return executeAsClient(sql, parameters, isCancelled);
    } finally {
      CurrentSession.leave();
    }
  }

  private StatementResult executeAsClient(
      String sql, List<Parameter> parameters, AtomicBoolean isCancelled) {
    if (!parameters.isEmpty()) {
      List<@Nullable DataType> types = new ArrayList<>(parameters.size());
      List<@Nullable String> values = new ArrayList<>(parameters.size());
      for (Parameter parameter : parameters) {
        types.add(declaredType(parameter));
        values.add(text(parameter));
      }
      PreparedQuery prepared = engine.prepare(sql, types);
      if (prepared != null) {
        return engine.execute(prepared, values, isCancelled);
      }
    }
    return engine.execute(bind(sql, parameters), isCancelled);
  }

  /** The calling gRPC client, as {@code system.queries} and {@code system.query_log} show it. */
  private static CurrentSession.Client client() {
    String role = GrpcServer.USER.get();
    return new CurrentSession.Client(
        "grpc", 0, role == null ? SystemSchemas.USER : role, GrpcServer.CLIENT_ADDRESS.get());
  }

  /** The type a parameter's value declares; null for strings and decimals, typed by the planner. */
  private static @Nullable DataType declaredType(Parameter parameter) {
    return switch (parameter.getValueCase()) {
      case BOOL_VALUE -> DataType.BOOLEAN;
      case INT64_VALUE -> DataType.BIGINT;
      case DOUBLE_VALUE -> DataType.DOUBLE;
      case DATE_VALUE -> DataType.DATE;
      case TIMESTAMP_MICROS -> DataType.TIMESTAMP;
      case NULL_VALUE, VALUE_NOT_SET, STRING_VALUE, DECIMAL_VALUE -> null;
    };
  }

  /** A parameter's value in PostgreSQL's input format for its type; null for NULL. */
  private static @Nullable String text(Parameter parameter) {
    return switch (parameter.getValueCase()) {
      case NULL_VALUE, VALUE_NOT_SET -> null;
      case BOOL_VALUE -> String.valueOf(parameter.getBoolValue());
      case INT64_VALUE -> String.valueOf(parameter.getInt64Value());
      case DOUBLE_VALUE -> doubleText(parameter.getDoubleValue());
      case STRING_VALUE -> parameter.getStringValue();
      case DATE_VALUE -> LocalDate.ofEpochDay(parameter.getDateValue()).toString();
      case TIMESTAMP_MICROS -> timestampText(parameter.getTimestampMicros());
      case DECIMAL_VALUE -> decimalLiteral(parameter.getDecimalValue());
    };
  }

  private static String doubleText(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    return Double.toString(value);
  }

  /** The statement with each {@code $n} replaced by the SQL literal of parameter n. */
  static String bind(String sql, List<Parameter> parameters) {
    int used = ParameterBinder.parameterCount(sql);
    if (used > parameters.size()) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Parameter[$" + used + "] has no value: " + parameters.size() + " given");
    }
    if (parameters.isEmpty()) {
      return sql;
    }
    List<String> literals = new ArrayList<>(parameters.size());
    for (Parameter parameter : parameters) {
      literals.add(literal(parameter));
    }
    return ParameterBinder.substitute(sql, literals);
  }

  private static String literal(Parameter parameter) {
    return switch (parameter.getValueCase()) {
      case NULL_VALUE, VALUE_NOT_SET -> "NULL";
      case BOOL_VALUE -> parameter.getBoolValue() ? "TRUE" : "FALSE";
      case INT64_VALUE -> "CAST(" + parameter.getInt64Value() + " AS BIGINT)";
      case DOUBLE_VALUE -> doubleLiteral(parameter.getDoubleValue());
      case STRING_VALUE -> ParameterBinder.quote(parameter.getStringValue());
      case DATE_VALUE -> "DATE '" + LocalDate.ofEpochDay(parameter.getDateValue()) + "'";
      case TIMESTAMP_MICROS -> timestampLiteral(parameter.getTimestampMicros());
      case DECIMAL_VALUE -> decimalLiteral(parameter.getDecimalValue());
    };
  }

  private static String doubleLiteral(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      String text = Double.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
      return "CAST('" + text + "' AS DOUBLE)";
    }
    String text = Double.toString(value);
    return "CAST(" + (text.contains("E") ? text : text + "E0") + " AS DOUBLE)";
  }

  private static String timestampLiteral(long micros) {
    return "TIMESTAMP '" + timestampText(micros) + "'";
  }

  private static String timestampText(long micros) {
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L),
            (int) Math.floorMod(micros, 1_000_000L) * 1000,
            ZoneOffset.UTC);
    return TIMESTAMP_FORMAT.format(time);
  }

  private static String decimalLiteral(String text) {
    try {
      return new BigDecimal(text.strip()).toPlainString();
    } catch (NumberFormatException e) {
      throw new AuroraException(
          ErrorCode.INVALID_TEXT_REPRESENTATION, "Decimal parameter is not a number", e);
    }
  }

  /** Lets a query's thread wait until the transport can take another message. */
  private static final class ReadyGate {
    synchronized void signal() {
      notifyAll();
    }

    synchronized void awaitReady(ServerCallStreamObserver<?> observer, AtomicBoolean isCancelled) {
      while (!observer.isReady() && !isCancelled.get()) {
        try {
          // Bounded: a readiness change between the check and the wait is picked up at once anyway.
          wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          isCancelled.set(true);
        }
      }
    }
  }
}
