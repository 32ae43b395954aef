package io.aurora.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.aurora.client.AuroraClient;
import io.aurora.client.AuroraClientException;
import io.aurora.client.AuroraWriter;
import io.aurora.client.QueryResult;
import io.aurora.client.WriterOptions;
import io.aurora.client.proto.AuroraGrpc;
import io.aurora.client.proto.ColumnType;
import io.aurora.client.proto.DescribeTableResponse;
import io.aurora.client.proto.IngestRequest;
import io.aurora.client.proto.IngestResponse;
import io.aurora.server.AuroraNode;
import io.aurora.server.NodeConfig;
import io.aurora.server.pgwire.SelfSignedCertificate;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The gRPC API against a real node on 127.0.0.1: ingest, queries, errors, authentication. */
@Timeout(120)
class TestGrpcApi {
  private static final String EVENTS =
      "CREATE TABLE events (ts TIMESTAMP NOT NULL, kind VARCHAR, user_id BIGINT, amount DOUBLE,"
          + " price DECIMAL(10, 2), day DATE, ok BOOLEAN, n INTEGER)";

  @TempDir Path directory;
  private final BufferAllocator allocator = new RootAllocator();
  private AuroraNode node;
  private AuroraClient client;

  @BeforeEach
  void start() {
    node = AuroraNode.start(config("grpc.max-message-bytes=65536\n"));
    client = AuroraClient.builder().endpoints("127.0.0.1:" + node.grpcPort()).build();
    client.execute(EVENTS);
  }

  @AfterEach
  void stop() {
    client.close();
    node.close();
    allocator.close();
  }

  private NodeConfig config(String file) {
    Map<String, String> flags = new HashMap<>();
    flags.put("data-dir", directory.resolve("data").toString());
    flags.put("pg-port", "0");
    flags.put("http-port", "0");
    flags.put("grpc-port", "0");
    flags.put("raft-port", "0");
    return NodeConfig.resolve(
        flags,
        Map.of(),
        new NodeConfig.ConfigFile("test.properties", file.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void ingestsThroughTheWriterThenQueries() {
    assertThat(client.isHealthy()).isTrue();
    assertThat(client.listTables()).containsExactly("events");
    DescribeTableResponse described = client.describeTable("events");
    assertThat(described.getColumnsList()).hasSize(8);
    assertThat(described.getColumns(0).getType()).isEqualTo(ColumnType.TIMESTAMP);
    assertThat(described.getColumns(0).getNullable()).isFalse();
    assertThat(described.getColumns(4).getScale()).isEqualTo(2);

    Instant start = Instant.parse("2024-05-01T10:00:00Z");
    try (AuroraWriter writer =
        client.writer("events", WriterOptions.defaults().withMaxBatchRows(100))) {
      for (int i = 0; i < 1000; i++) {
        writer
            .newRow()
            .set("ts", start.plusSeconds(i))
            .set("kind", i % 2 == 0 ? "click" : "view")
            .set("user_id", (long) i)
            .set("amount", i * 0.5)
            .set("price", new BigDecimal("1.25"))
            .set("day", LocalDate.of(2024, 5, 1))
            .set("ok", i % 3 == 0)
            .set("n", i)
            .write();
      }
      Map<String, Object> row = new HashMap<>();
      row.put("ts", LocalDateTime.of(2024, 6, 1, 0, 0));
      row.put("kind", null);
      writer.write(row);
      writer.flush();
      assertThat(writer.rowsAcknowledged()).isEqualTo(1001);
    }

    assertThat(
            client
                .query(
                    "SELECT kind, count(*), sum(user_id), sum(price) FROM events"
                        + " GROUP BY kind ORDER BY kind")
                .rows())
        .containsExactly(
            List.of("click", 500L, 249500L, new BigDecimal("625.00")),
            List.of("view", 500L, 250000L, new BigDecimal("625.00")),
            Arrays.asList(null, 1L, null, null));
    assertThat(
            client
                .query(
                    "SELECT ts, day, ok, n, amount FROM events WHERE user_id = $1 AND kind = $2",
                    7L,
                    "view")
                .rows())
        .containsExactly(
            List.of(
                LocalDateTime.of(2024, 5, 1, 10, 0, 7), LocalDate.of(2024, 5, 1), false, 7, 3.5));
  }

  @Test
  void streamsLargeResultsInManyBatches() {
    try (AuroraWriter writer =
        client.writer("events", WriterOptions.defaults().withMaxBatchRows(500))) {
      for (int i = 0; i < 20_000; i++) {
        writer.newRow().set("ts", Instant.ofEpochSecond(1_700_000_000L + i)).set("n", i).write();
      }
    }
    int batches = 0;
    long sum = 0;
    try (QueryResult result = client.query("SELECT n FROM events")) {
      while (result.hasNext()) {
        VectorSchemaRoot batch = result.next();
        IntVector n = (IntVector) batch.getVector("n");
        for (int i = 0; i < batch.getRowCount(); i++) {
          sum += n.get(i);
        }
        batches++;
      }
    }
    assertThat(sum).isEqualTo(19_999L * 20_000 / 2);
    assertThat(batches).isGreaterThan(1);
  }

  @Test
  void retriedBatchIsAcknowledgedAsDuplicate() throws Exception {
    ByteString batch = userIdBatch(new ArrowType.Int(64, true), "user_id", 3);
    ManagedChannel channel = channel();
    try {
      assertThat(ingest(channel, request("events", "p1", 5, batch)).getRowsAccepted()).isEqualTo(3);
      IngestResponse retry = ingest(channel, request("events", "p1", 5, batch));
      assertThat(retry.getDuplicate()).isTrue();
      assertThat(retry.getRowsAccepted()).isZero();
      assertThat(ingest(channel, request("events", "p1", 6, batch)).getRowsAccepted()).isEqualTo(3);
    } finally {
      channel.shutdownNow();
    }
    assertThat(count()).isEqualTo(6);
    // gRPC batches are counted like INSERTs: rows applied once, every batch a statement.
    java.net.http.HttpResponse<String> metrics =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.body())
        .contains("aurora_rows_ingested_total{protocol=\"grpc\"} 6.0")
        .containsPattern("aurora_bytes_ingested_total\\{protocol=\"grpc\"} [1-9]")
        .contains(
            "aurora_statements_total{kind=\"ingest\",outcome=\"ok\",sqlstate_class=\"00\"} 3.0");
    // The query log has each batch, with its client, as a gRPC statement; system tables answer
    // over gRPC too.
    String logged =
        "SELECT written_rows, client_addr FROM system.query_log WHERE kind = 'ingest'"
            + " AND protocol = 'grpc' AND query LIKE 'INGEST INTO events (producer p1, %'"
            + " ORDER BY query_id";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (client.query(logged).rows().size() < 3) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(100);
    }
    assertThat(client.query(logged).rows())
        .containsExactly(
            List.of(3L, "127.0.0.1"), List.of(0L, "127.0.0.1"), List.of(3L, "127.0.0.1"));
    assertThat(
            client
                .query(
                    "SELECT count(*) FROM system.query_log WHERE protocol = 'grpc'"
                        + " AND query = 'SELECT count(*) FROM events'")
                .rows())
        .isNotEmpty();
    assertThat(
            client
                .query("SELECT n_tup_ins FROM pg_stat_user_tables WHERE relname = 'events'")
                .rows())
        .containsExactly(List.of(6L));
    assertThat(client.query("SELECT table_name, row_count FROM system.tables").rows())
        .containsExactly(List.of("events", 6L));
    // No PostgreSQL session is open: pg_stat_activity answers, empty.
    assertThat(client.query("SELECT count(*) FROM pg_stat_activity").rows())
        .containsExactly(List.of(0L));
    assertThat(client.query("SELECT protocol FROM system.queries").rows())
        .containsExactly(List.of("grpc"));
  }

  @Test
  void rejectedBatchesApplyNothing() throws Exception {
    ManagedChannel channel = channel();
    try {
      assertRejected(
          channel,
          request("events", "p", 1, userIdBatch(new ArrowType.Int(32, true), "user_id", 3)),
          Status.Code.INVALID_ARGUMENT,
          "42804");
      assertRejected(
          channel,
          request("events", "p", 2, userIdBatch(new ArrowType.Int(64, true), "no_such", 3)),
          Status.Code.INVALID_ARGUMENT,
          "42703");
      assertRejected(
          channel,
          request("nowhere", "p", 3, userIdBatch(new ArrowType.Int(64, true), "user_id", 3)),
          Status.Code.NOT_FOUND,
          "42P01");
      assertRejected(
          channel,
          request("events", "p", 4, userIdBatch(new ArrowType.Int(64, true), "user_id", 20_000)),
          Status.Code.RESOURCE_EXHAUSTED,
          null);
      assertRejected(
          channel,
          request("events", "p", 5, ByteString.copyFromUtf8("not arrow")),
          Status.Code.INVALID_ARGUMENT,
          "22023");
    } finally {
      channel.shutdownNow();
    }
    assertThat(count()).isZero();
  }

  @Test
  void writerFailsOnAMismatchAndAppliesNothingOfThatBatch() {
    client.execute("CREATE TABLE narrow (ts TIMESTAMP NOT NULL, v INTEGER)");
    AuroraWriter writer = client.writer("narrow");
    client.execute("DROP TABLE narrow");
    client.execute("CREATE TABLE narrow (ts TIMESTAMP NOT NULL, v VARCHAR)");
    writer.newRow().set("ts", Instant.EPOCH).set("v", 1L).write();
    assertThatThrownBy(writer::flush)
        .isInstanceOfSatisfying(
            AuroraClientException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.sqlState()).isEqualTo("42804");
            });
    // The failure was reported: close does not throw it again (in a try-with-resources block the
    // same exception would become "Self-suppression not permitted" and hide it).
    writer.close();
    assertThatThrownBy(() -> writer.newRow().set("ts", Instant.EPOCH).write())
        .isInstanceOf(IllegalStateException.class);
    assertThat(client.query("SELECT count(*) FROM narrow").rows()).containsExactly(List.of(0L));
  }

  @Test
  void writerChecksValuesWhenTheyAreSet() {
    try (AuroraWriter writer = client.writer("events")) {
      assertThatThrownBy(() -> writer.newRow().set("nope", 1L))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Column[nope]");
      assertThatThrownBy(() -> writer.newRow().set("user_id", "text"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BIGINT");
      assertThatThrownBy(() -> writer.newRow().set("kind", "x").write())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Column[ts] is NOT NULL");
    }
  }

  @Test
  void queryErrorsCarryTheSqlState() {
    assertThatThrownBy(() -> client.query("SELECT * FROM missing").rows())
        .isInstanceOfSatisfying(
            AuroraClientException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND);
              assertThat(e.sqlState()).isEqualTo("42P01");
              assertThat(e.errorCode()).isEqualTo("UNDEFINED_TABLE");
            });
    assertThatThrownBy(() -> client.execute("SELEC 1"))
        .isInstanceOfSatisfying(
            AuroraClientException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
              assertThat(e.sqlState()).isEqualTo("42601");
            });
    assertThatThrownBy(() -> client.query("SELECT $1 + 1").rows())
        .isInstanceOfSatisfying(
            AuroraClientException.class,
            e -> assertThat(e.statusCode()).isEqualTo(Status.Code.INVALID_ARGUMENT));
    assertThatThrownBy(() -> client.describeTable("missing"))
        .isInstanceOfSatisfying(
            AuroraClientException.class,
            e -> assertThat(e.statusCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void bearerTokenIsRequiredWhenConfigured() throws Exception {
    client.close();
    node.close();
    Path tokens = directory.resolve("tokens");
    Files.writeString(tokens, "# clients\nsecret-1\n");
    node = AuroraNode.start(config("auth.grpc-tokens-file=" + tokens + "\n"));
    try (AuroraClient anonymous =
            AuroraClient.builder().endpoints("127.0.0.1:" + node.grpcPort()).build();
        AuroraClient wrong =
            AuroraClient.builder()
                .endpoints("127.0.0.1:" + node.grpcPort())
                .bearerToken("secret-2")
                .build()) {
      assertThatThrownBy(anonymous::listTables)
          .isInstanceOfSatisfying(
              AuroraClientException.class,
              e -> {
                assertThat(e.statusCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                assertThat(e.sqlState()).isEqualTo("28000");
              });
      assertThatThrownBy(wrong::listTables).isInstanceOf(AuroraClientException.class);
    }
    client =
        AuroraClient.builder()
            .endpoints("127.0.0.1:" + node.grpcPort())
            .bearerToken("secret-1")
            .build();
    assertThat(client.listTables()).containsExactly("events");
  }

  @Test
  void servesTlsWithThePostgresCertificate() throws Exception {
    client.close();
    node.close();
    SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
    node =
        AuroraNode.start(
            config(
                "pgwire.tls.cert-file="
                    + certificate.certFile()
                    + "\npgwire.tls.key-file="
                    + certificate.keyFile()
                    + "\n"));
    try (AuroraClient plain =
        AuroraClient.builder().endpoints("127.0.0.1:" + node.grpcPort()).maxAttempts(1).build()) {
      assertThatThrownBy(plain::listTables)
          .isInstanceOfSatisfying(
              AuroraClientException.class,
              e -> assertThat(e.statusCode()).isEqualTo(Status.Code.UNAVAILABLE));
    }
    client =
        AuroraClient.builder()
            .endpoints("localhost:" + node.grpcPort())
            .tls(certificate.certFile())
            .build();
    assertThat(client.listTables()).containsExactly("events");
    assertThat(client.query("SELECT count(*) FROM events").rows()).containsExactly(List.of(0L));
  }

  private long count() {
    return (Long) client.query("SELECT count(*) FROM events").rows().get(0).get(0);
  }

  private ManagedChannel channel() {
    return NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
  }

  private static IngestRequest request(
      String table, String producer, long sequence, ByteString batch) {
    return IngestRequest.newBuilder()
        .setTable(table)
        .setProducerId(producer)
        .setSequence(sequence)
        .setArrowBatch(batch)
        .build();
  }

  /** Sends one batch on a new Ingest call and returns its answer. */
  private static IngestResponse ingest(ManagedChannel channel, IngestRequest request)
      throws Exception {
    CompletableFuture<IngestResponse> answer = new CompletableFuture<>();
    StreamObserver<IngestRequest> requests =
        AuroraGrpc.newStub(channel)
            .ingest(
                new StreamObserver<>() {
                  @Override
                  public void onNext(IngestResponse response) {
                    answer.complete(response);
                  }

                  @Override
                  public void onError(Throwable error) {
                    answer.completeExceptionally(error);
                  }

                  @Override
                  public void onCompleted() {
                    answer.completeExceptionally(new IllegalStateException("no answer"));
                  }
                });
    requests.onNext(request);
    try {
      return answer.get(30, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }

  private static void assertRejected(
      ManagedChannel channel, IngestRequest request, Status.Code code, String sqlState) {
    assertThatThrownBy(() -> ingest(channel, request))
        .cause()
        .satisfies(
            error -> {
              AuroraClientException exception = AuroraClientException.from(error);
              assertThat(exception.statusCode()).isEqualTo(code);
              if (sqlState != null) {
                assertThat(exception.sqlState()).isEqualTo(sqlState);
              }
            });
  }

  /** An Arrow batch with a non-null {@code ts} column and one more column of the given type. */
  private ByteString userIdBatch(ArrowType type, String name, int rows) throws Exception {
    Schema schema =
        new Schema(
            List.of(
                Field.notNullable(
                    "ts",
                    new ArrowType.Timestamp(
                        org.apache.arrow.vector.types.TimeUnit.MICROSECOND, null)),
                Field.nullable(name, type),
                Field.nullable("kind", ArrowType.Utf8.INSTANCE)));
    return encode(
        schema,
        root -> {
          org.apache.arrow.vector.TimeStampMicroVector ts =
              (org.apache.arrow.vector.TimeStampMicroVector) root.getVector(0);
          for (int i = 0; i < rows; i++) {
            ts.setSafe(i, 1_700_000_000_000_000L + i);
            if (root.getVector(1) instanceof BigIntVector longs) {
              longs.setSafe(i, i);
            } else {
              ((IntVector) root.getVector(1)).setSafe(i, i);
            }
            ((VarCharVector) root.getVector(2))
                .setSafe(i, ("kind-" + i).repeat(4).getBytes(StandardCharsets.UTF_8));
          }
          root.setRowCount(rows);
        });
  }

  private ByteString encode(Schema schema, Consumer<VectorSchemaRoot> fill) throws Exception {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      root.allocateNew();
      fill.accept(root);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (ArrowStreamWriter writer = new ArrowStreamWriter(root, null, Channels.newChannel(out))) {
        writer.start();
        writer.writeBatch();
        writer.end();
      }
      return ByteString.copyFrom(out.toByteArray());
    }
  }
}
