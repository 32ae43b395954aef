package io.aurora.client;

import static java.util.Objects.requireNonNull;

import io.aurora.client.proto.AuroraGrpc;
import io.aurora.client.proto.DescribeTableRequest;
import io.aurora.client.proto.DescribeTableResponse;
import io.aurora.client.proto.ExecuteRequest;
import io.aurora.client.proto.ExecuteResponse;
import io.aurora.client.proto.HealthRequest;
import io.aurora.client.proto.HealthResponse;
import io.aurora.client.proto.ListTablesRequest;
import io.aurora.client.proto.Parameter;
import io.aurora.client.proto.QueryRequest;
import io.aurora.client.proto.QueryResponse;
import io.grpc.CallCredentials;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Aurora cluster over gRPC. Thread-safe; create one per application and close it at
 * the end.
 *
 * <pre>{@code
 * try (AuroraClient client = AuroraClient.builder()
 *         .endpoints("node1:9090", "node2:9090")
 *         .deadline(Duration.ofSeconds(30))
 *         .build()) {
 *   client.execute("CREATE TABLE events (ts TIMESTAMP NOT NULL, kind VARCHAR, value BIGINT)");
 *   try (AuroraWriter writer = client.writer("events")) {
 *     writer.newRow().set("ts", Instant.now()).set("kind", "click").set("value", 1L).write();
 *     writer.write(Map.of("ts", Instant.now(), "kind", "view"));
 *   } // flushes and waits for every acknowledgement
 *   List<List<Object>> rows = client.query("SELECT kind, count(*) FROM events GROUP BY kind").rows();
 * }
 * }</pre>
 *
 * <p>Connections: one channel per endpoint, connected lazily. Calls go to the current endpoint;
 * when it answers UNAVAILABLE (down, starting, shutting down) the client moves to the next one and
 * retries with exponential backoff, up to {@link Builder#maxAttempts}. Only calls that are safe to
 * repeat are retried: catalog calls, queries that failed before their first batch, and {@code
 * Ingest} batches (idempotent by producer and sequence). {@link #execute} is not retried, because a
 * statement such as INSERT may have been applied before the connection broke.
 *
 * <p>Every unary call and query has the builder's deadline; an {@code Ingest} stream has none (it
 * is long-lived), its batches are retried until {@link Builder#writerRetryTimeout}.
 */
public final class AuroraClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuroraClient.class);

  private final List<String> endpoints;
  private final List<ManagedChannel> channels;
  private final AtomicInteger current = new AtomicInteger();
  private final Duration deadline;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration writerRetryTimeout;
  private final @Nullable CallCredentials credentials;
  private final BufferAllocator allocator = new RootAllocator();

  private AuroraClient(Builder builder) {
    this.endpoints = List.copyOf(builder.endpoints);
    this.deadline = builder.deadline;
    this.maxAttempts = builder.maxAttempts;
    this.initialBackoff = builder.initialBackoff;
    this.maxBackoff = builder.maxBackoff;
    this.writerRetryTimeout = builder.writerRetryTimeout;
    this.credentials = builder.bearerToken == null ? null : new BearerToken(builder.bearerToken);
    SslContext tls = builder.trustedCertificates == null ? null : tls(builder.trustedCertificates);
    List<ManagedChannel> opened = new ArrayList<>();
    for (String endpoint : endpoints) {
      NettyChannelBuilder channel =
          NettyChannelBuilder.forTarget(endpoint).maxInboundMessageSize(builder.maxMessageBytes);
      if (tls == null) {
        channel.usePlaintext();
      } else {
        channel.sslContext(tls);
      }
      opened.add(channel.build());
    }
    this.channels = List.copyOf(opened);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static SslContext tls(Path trustedCertificates) {
    try {
      return GrpcSslContexts.forClient().trustManager(trustedCertificates.toFile()).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Trusted certificates[" + trustedCertificates + "] cannot be loaded: " + e.getMessage(),
          e);
    }
  }

  /** Whether the current endpoint's node accepts calls (no retry, no failover). */
  public boolean isHealthy() {
    try {
      return stub()
              .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
              .health(HealthRequest.getDefaultInstance())
              .getStatus()
          == HealthResponse.Status.SERVING;
    } catch (StatusRuntimeException e) {
      return false;
    }
  }

  /** The tables, in alphabetical order. */
  public List<String> listTables() {
    return call(stub -> stub.listTables(ListTablesRequest.getDefaultInstance())).getTablesList();
  }

  /** A table's columns, time column and shard count; NOT_FOUND when it does not exist. */
  public DescribeTableResponse describeTable(String table) {
    requireNonNull(table, "table is null");
    return call(
        stub -> stub.describeTable(DescribeTableRequest.newBuilder().setTable(table).build()));
  }

  /**
   * Runs a statement that returns no rows (CREATE TABLE, DROP TABLE, ALTER TABLE, INSERT) and
   * returns its command tag. Not retried (see the class comment). {@code $1, $2, ...} in the text
   * take {@code parameters} (see {@link #parameter}).
   */
  public ExecuteResponse execute(String sql, @Nullable Object... parameters) {
    ExecuteRequest request =
        ExecuteRequest.newBuilder().setSql(sql).addAllParameters(parameters(parameters)).build();
    try {
      return withDeadline(stub()).execute(request);
    } catch (StatusRuntimeException e) {
      throw AuroraClientException.from(e);
    }
  }

  /**
   * Runs a query and streams its rows as Arrow batches. The caller closes the result. Retried on
   * another endpoint when the call fails before the first response.
   */
  public QueryResult query(String sql, @Nullable Object... parameters) {
    QueryRequest request =
        QueryRequest.newBuilder().setSql(sql).addAllParameters(parameters(parameters)).build();
    return call(
        stub -> {
          Context.CancellableContext context = Context.current().withCancellation();
          try {
            Iterator<QueryResponse> responses = context.call(() -> stub.query(request));
            return new QueryResult(context, responses, allocator);
          } catch (StatusRuntimeException | AuroraClientException e) {
            context.cancel(null);
            throw e;
          } catch (Exception e) {
            context.cancel(null);
            throw Status.INTERNAL.withCause(e).asRuntimeException();
          }
        });
  }

  /** A batching writer into {@code table} with the default options. */
  public AuroraWriter writer(String table) {
    return writer(table, WriterOptions.defaults());
  }

  /** A batching writer into {@code table}; the caller closes it. */
  public AuroraWriter writer(String table, WriterOptions options) {
    return new AuroraWriter(this, table, describeTable(table).getColumnsList(), options);
  }

  /** The allocator of query results and writers' batches; released by {@link #close()}. */
  public BufferAllocator allocator() {
    return allocator;
  }

  /**
   * Closes the connections and releases the Arrow allocator. Close every {@link QueryResult} and
   * {@link AuroraWriter} of this client first: the allocator refuses to close while their memory is
   * held (IllegalStateException naming the leak).
   */
  @Override
  public void close() {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow();
    }
    for (ManagedChannel channel : channels) {
      try {
        channel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    allocator.close();
  }

  AuroraGrpc.AuroraBlockingStub stub() {
    AuroraGrpc.AuroraBlockingStub stub =
        AuroraGrpc.newBlockingStub(channels.get(current.get() % channels.size()));
    return credentials == null ? stub : stub.withCallCredentials(credentials);
  }

  AuroraGrpc.AuroraStub asyncStub() {
    AuroraGrpc.AuroraStub stub = AuroraGrpc.newStub(channels.get(current.get() % channels.size()));
    return credentials == null ? stub : stub.withCallCredentials(credentials);
  }

  /** Moves to the next endpoint after the current one failed. */
  void failover(String why) {
    if (channels.size() > 1) {
      int next = current.incrementAndGet() % channels.size();
      LOG.info("Failing over to endpoint[{}] after: {}", endpoints.get(next), why);
    }
  }

  /** The delay before retry {@code attempt} (1-based): doubling from the initial backoff. */
  Duration backoff(int attempt) {
    long millis = initialBackoff.toMillis() << Math.min(20, Math.max(0, attempt - 1));
    return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
  }

  Duration writerRetryTimeout() {
    return writerRetryTimeout;
  }

  private AuroraGrpc.AuroraBlockingStub withDeadline(AuroraGrpc.AuroraBlockingStub stub) {
    return stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T call(Function<AuroraGrpc.AuroraBlockingStub, T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.apply(withDeadline(stub()));
      } catch (StatusRuntimeException | AuroraClientException e) {
        AuroraClientException error = AuroraClientException.from(e);
        if (error.statusCode() != Status.Code.UNAVAILABLE || attempt >= maxAttempts) {
          throw error;
        }
        failover(error.getMessage());
        sleep(backoff(attempt));
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraClientException(Status.Code.CANCELLED, null, null, "Interrupted", e);
    }
  }

  private static List<Parameter> parameters(@Nullable Object[] values) {
    List<Parameter> parameters = new ArrayList<>();
    if (values != null) {
      for (Object value : values) {
        parameters.add(parameter(value));
      }
    }
    return parameters;
  }

  /**
   * The API parameter of a Java value: null, Boolean, Byte/Short/Integer/Long (BIGINT),
   * Float/Double, BigDecimal, String, LocalDate, Instant or LocalDateTime (read as UTC).
   *
   * @throws IllegalArgumentException for any other type
   */
  public static Parameter parameter(@Nullable Object value) {
    Parameter.Builder parameter = Parameter.newBuilder();
    if (value == null) {
      return parameter.setNullValue(true).build();
    }
    if (value instanceof Boolean bool) {
      return parameter.setBoolValue(bool).build();
    }
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return parameter.setInt64Value(((Number) value).longValue()).build();
    }
    if (value instanceof Double || value instanceof Float) {
      return parameter.setDoubleValue(((Number) value).doubleValue()).build();
    }
    if (value instanceof BigDecimal decimal) {
      return parameter.setDecimalValue(decimal.toPlainString()).build();
    }
    if (value instanceof CharSequence text) {
      return parameter.setStringValue(text.toString()).build();
    }
    if (value instanceof LocalDate date) {
      return parameter.setDateValue(Math.toIntExact(date.toEpochDay())).build();
    }
    if (value instanceof Instant || value instanceof LocalDateTime) {
      return parameter.setTimestampMicros(RowValues.epochMicros(value)).build();
    }
    throw new IllegalArgumentException(
        "Parameter of type " + value.getClass().getName() + " is not supported");
  }

  /** Adds {@code authorization: Bearer <token>} to every call. */
  private static final class BearerToken extends CallCredentials {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private final String token;

    BearerToken(String token) {
      this.token = token;
    }

    @Override
    public void applyRequestMetadata(
        RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
      Metadata headers = new Metadata();
      headers.put(AUTHORIZATION, "Bearer " + token);
      applier.apply(headers);
    }
  }

  /** Settings of a client. */
  public static final class Builder {
    private final List<String> endpoints = new ArrayList<>();
    private Duration deadline = Duration.ofSeconds(60);
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration writerRetryTimeout = Duration.ofMinutes(2);
    private int maxMessageBytes = 64 << 20;
    private @Nullable String bearerToken;
    private @Nullable Path trustedCertificates;

    private Builder() {}

    /**
     * Connects with TLS, trusting the certificates of this PEM file (for a node with {@code
     * pgwire.tls.cert-file}); the endpoints' host names must match the server certificate. Without
     * it the client talks plain text.
     */
    public Builder tls(Path trustedCertificates) {
      this.trustedCertificates = requireNonNull(trustedCertificates, "trustedCertificates is null");
      return this;
    }

    /** The nodes' gRPC addresses, {@code host:port}; calls start with the first. Required. */
    public Builder endpoints(String... endpoints) {
      for (String endpoint : endpoints) {
        this.endpoints.add(requireNonNull(endpoint, "endpoint is null"));
      }
      return this;
    }

    /** The deadline of each unary call and query (default 60 s). */
    public Builder deadline(Duration deadline) {
      this.deadline = requireNonNull(deadline, "deadline is null");
      return this;
    }

    /** Attempts of a retryable call, the first included (default 5). */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** Backoff before the first retry, doubled for each further one up to {@code max}. */
    public Builder backoff(Duration initial, Duration max) {
      this.initialBackoff = requireNonNull(initial, "initial is null");
      this.maxBackoff = requireNonNull(max, "max is null");
      return this;
    }

    /**
     * How long a writer keeps reconnecting and resending unacknowledged batches before it fails
     * (default 2 minutes).
     */
    public Builder writerRetryTimeout(Duration timeout) {
      this.writerRetryTimeout = requireNonNull(timeout, "timeout is null");
      return this;
    }

    /** The largest response message accepted (default 64 MiB). */
    public Builder maxMessageBytes(int maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /** A bearer token sent with every call, for nodes with {@code auth.grpc-tokens-file}. */
    public Builder bearerToken(String token) {
      this.bearerToken = requireNonNull(token, "token is null");
      return this;
    }

    public AuroraClient build() {
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("At least one endpoint is required");
      }
      return new AuroraClient(this);
    }
  }
}
