package io.aurora.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aurora.kafka.TestingKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka pipelines through a real node process and a real broker (in this JVM): the statements as a
 * user writes them, the dead-letter table, {@code system.pipelines}, and exactly once across
 * SIGKILLs of the node while a transactional producer commits and aborts.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TestKafkaPipelines {
  private static TestingKafka kafka;

  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Process> processes = new ArrayList<>();
  @TempDir Path directory;

  @BeforeAll
  static void startKafka() throws Exception {
    kafka = TestingKafka.start();
  }

  @AfterAll
  static void stopKafka() throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  @AfterEach
  void stop() {
    for (Process process : processes) {
      process.destroyForcibly();
    }
    executor.shutdownNow();
  }

  private NodeProcess lastNode;

  private String startNode() throws Exception {
    NodeProcess node =
        NodeProcess.start(
            directory,
            executor,
            "server",
            "--data-dir",
            directory.resolve("data").toString(),
            "--pg-port",
            "0",
            "--http-port",
            "0",
            "--grpc-port",
            "0",
            "--raft-port",
            "0");
    processes.add(node.process);
    lastNode = node;
    return node.awaitJdbcUrl();
  }

  @Test
  void pipelineStatementsWorkAsWrittenAndBadRecordsGoToTheErrorTable() throws Exception {
    kafka.createTopic("clicks", 2);
    kafka.send(
        "clicks", 0, "{\"ts\": \"2026-12-01 10:00:00.123\", \"user_id\": 1, \"url\": \"/a\"}");
    kafka.send("clicks", 1, "{\"ts\": \"2026-12-01T10:00:00Z\", \"USER_ID\": 2}", "not json");
    kafka.send("clicks", 1, "{\"ts\": 1796119200123, \"user_id\": 3, \"unknown\": true}");
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE clicks (ts TIMESTAMP NOT NULL, user_id BIGINT, url VARCHAR)");
      statement.execute(
          "CREATE PIPELINE clicks_in FROM KAFKA '"
              + kafka.bootstrapServers()
              + "' TOPIC 'clicks' INTO clicks FORMAT JSON;");
      // Events already in the topic are not lost: a new pipeline starts at the earliest offset.
      awaitCount(statement, "SELECT count(*) FROM clicks", 3);
      assertThat(rows(statement, "SELECT user_id, url FROM clicks ORDER BY user_id"))
          .containsExactly("1 /a", "2 null", "3 null");
      awaitCount(statement, "SELECT count(*) FROM clicks_in_errors", 1);
      assertThat(
              rows(
                  statement,
                  "SELECT topic, kafka_partition, kafka_offset, payload, sqlstate FROM clicks_in_errors"))
          .containsExactly("clicks 1 1 not json 22P02");
      List<String> status =
          rows(
              statement,
              "SELECT pipeline_name, kafka_partition, state, committed_offset, rows_loaded, bad_records"
                  + " FROM system.pipelines ORDER BY kafka_partition");
      assertThat(status).containsExactly("clicks_in 0 running 0 1 0", "clicks_in 1 running 2 2 1");
      // The same figures for Prometheus.
      String metrics = metrics();
      assertThat(metrics)
          .containsPattern(
              "aurora_pipeline_rows_loaded\\{partition=\"1\",pipeline=\"clicks_in\"} 2\\.0")
          .containsPattern(
              "aurora_pipeline_bad_records\\{partition=\"1\",pipeline=\"clicks_in\"} 1\\.0")
          .containsPattern(
              "aurora_pipeline_committed_offset\\{partition=\"0\",pipeline=\"clicks_in\"} 0\\.0")
          .containsPattern(
              "aurora_pipeline_state\\{pipeline=\"clicks_in\",state=\"running\"} 1\\.0");

      // The target table cannot be dropped while a pipeline writes to it.
      assertThatThrownBy(() -> statement.execute("DROP TABLE clicks"))
          .isInstanceOf(SQLException.class)
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("2BP01");

      statement.execute("STOP PIPELINE clicks_in");
      assertThat(rows(statement, "SELECT DISTINCT state FROM system.pipelines"))
          .containsExactly("stopped");
      kafka.send("clicks", 0, "{\"ts\": 1796119200123, \"user_id\": 4}");
      statement.execute("START PIPELINE clicks_in");
      awaitCount(statement, "SELECT count(*) FROM clicks", 4);

      assertThatThrownBy(
              () ->
                  statement.execute(
                      "CREATE PIPELINE clicks_in FROM KAFKA 'h:1' TOPIC 't' INTO clicks FORMAT JSON"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42710");
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "CREATE PIPELINE p2 FROM KAFKA 'h:1' TOPIC 't' INTO clicks FORMAT JSON"
                          + " WITH (colour = 'red')"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("22023");
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "CREATE PIPELINE p3 FROM KAFKA 'h:1' TOPIC 't' INTO nowhere FORMAT JSON"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42P01");

      statement.execute("DROP PIPELINE clicks_in");
      assertThat(rows(statement, "SELECT * FROM system.pipelines")).isEmpty();
      assertThatThrownBy(() -> statement.execute("DROP PIPELINE clicks_in"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42704");
      statement.execute("DROP PIPELINE IF EXISTS clicks_in");
      statement.execute("DROP TABLE clicks");
    }
  }

  /**
   * Column mappings with SQL expressions over the record's fields (nested ones by path) and a
   * filter: filtered records make no row, a record an expression fails on goes to the dead-letter
   * table, the others land.
   */
  @Test
  void mappingsAndFilterComputeTheRows() throws Exception {
    kafka.createTopic("events", 1);
    kafka.send(
        "events",
        0,
        "{\"event_time\": \"2026-12-01 10:00:00.123\", \"type\": \"click\", \"user\": {\"id\": 7, \"name\":"
            + " \"ann\"}, \"price\": \"2.50\"}",
        "{\"event_time\": \"2026-12-01 10:00:00.124\", \"type\": \"heartbeat\", \"user\": {\"id\": 8}}",
        "{\"event_time\": \"2026-12-01 10:00:00.125\", \"type\": \"view\", \"user\": {\"id\": 9}, \"price\":"
            + " \"x\"}",
        "{\"event_time\": \"2026-12-01 10:00:00.126\", \"type\": \"CLICK\", \"user\": {\"id\": 10}}");
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE views (ts TIMESTAMP NOT NULL, user_id BIGINT, kind VARCHAR,"
              + " price DECIMAL(10, 2), profile VARCHAR)");
      statement.execute(
          "CREATE PIPELINE views_in FROM KAFKA '"
              + kafka.bootstrapServers()
              + "' TOPIC 'events' INTO views (ts = event_time, user_id = user.id, kind = lower(type), profile = \"user\")"
              + " WHERE type <> 'heartbeat' FORMAT JSON");
      awaitCount(statement, "SELECT count(*) FROM views_in_errors", 1);
      awaitCount(statement, "SELECT count(*) FROM views", 2);
      assertThat(
              rows(
                  statement,
                  "SELECT ts, user_id, kind, price, profile FROM views ORDER BY user_id"))
          .containsExactly(
              "2026-12-01 10:00:00.123 7 click 2.50 {\"id\": 7, \"name\": \"ann\"}",
              "2026-12-01 10:00:00.126 10 click null {\"id\": 10}");
      assertThat(rows(statement, "SELECT kafka_offset, sqlstate FROM views_in_errors"))
          .containsExactly("2 22P02");
      // A mapping that names a column the table does not have, or a bad expression, fails at once.
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "CREATE PIPELINE bad1 FROM KAFKA 'h:1' TOPIC 't' INTO views (nope = 1)"
                          + " FORMAT JSON"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42703");
      assertThatThrownBy(
              () ->
                  statement.execute(
                      "CREATE PIPELINE bad2 FROM KAFKA 'h:1' TOPIC 't' INTO views"
                          + " (kind = no_such_function(type)) FORMAT JSON"))
          .extracting(e -> ((SQLException) e).getSQLState())
          .isEqualTo("42883");

      // CSV records: fields named by csv_columns.
      kafka.createTopic("csv_events", 1);
      kafka.send(
          "csv_events",
          0,
          "2026-12-01 10:00:01,click,21,\"a,b\"",
          "2026-12-01 10:00:02,heartbeat,22,",
          "2026-12-01 10:00:03,view,23,c");
      statement.execute(
          "CREATE PIPELINE csv_in FROM KAFKA '"
              + kafka.bootstrapServers()
              + "' TOPIC 'csv_events' INTO views (ts = event_time, user_id = uid, kind ="
              + " upper(kind), profile = tags) WHERE kind <> 'heartbeat' FORMAT CSV"
              + " WITH (csv_columns = 'event_time,kind,uid,tags')");
      awaitCount(statement, "SELECT count(*) FROM views WHERE user_id > 20", 2);
      assertThat(
              rows(
                  statement,
                  "SELECT ts, user_id, kind, profile FROM views WHERE user_id > 20"
                      + " ORDER BY user_id"))
          .containsExactly("2026-12-01 10:00:01 21 CLICK a,b", "2026-12-01 10:00:03 23 VIEW c");

      // Avro records with an inline schema: nested fields by their path.
      String schemaJson =
          "{\"type\": \"record\", \"name\": \"E\", \"fields\": ["
              + "{\"name\": \"millis\", \"type\": \"long\"},"
              + "{\"name\": \"user\", \"type\": {\"type\": \"record\", \"name\": \"U\","
              + " \"fields\": [{\"name\": \"id\", \"type\": \"long\"}]}}]}";
      org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(schemaJson);
      kafka.createTopic("avro_events", 1);
      kafka.send("avro_events", 0, avro(schema, 1_796_119_200_500L, 31));
      statement.execute(
          "CREATE PIPELINE avro_in FROM KAFKA '"
              + kafka.bootstrapServers()
              + "' TOPIC 'avro_events' INTO views (ts = to_timestamp(CAST(millis AS DOUBLE) /"
              + " 1000), user_id = user.id, kind = 'avro') FORMAT AVRO WITH (avro_schema = '"
              + schemaJson
              + "')");
      awaitCount(statement, "SELECT count(*) FROM views WHERE kind = 'avro'", 1);
      assertThat(rows(statement, "SELECT ts, user_id FROM views WHERE kind = 'avro'"))
          .containsExactly("2026-12-01 10:00:00.5 31");
    }
  }

  private static byte[] avro(org.apache.avro.Schema schema, long millis, long userId)
      throws java.io.IOException {
    org.apache.avro.generic.GenericRecord user =
        new org.apache.avro.generic.GenericData.Record(schema.getField("user").schema());
    user.put("id", userId);
    org.apache.avro.generic.GenericRecord event =
        new org.apache.avro.generic.GenericData.Record(schema);
    event.put("millis", millis);
    event.put("user", user);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder =
        org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(schema)
        .write(event, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  /**
   * Pinot's exactly-once test, with SIGKILL: a transactional producer commits batches and aborts
   * about one in ten while the node is killed and restarted twice; the table ends with exactly the
   * committed records, none of the aborted.
   */
  @Test
  void exactlyTheCommittedRecordsLandAcrossTwoSigkills() throws Exception {
    kafka.createTopic("orders", 3);
    String url = startNode();
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE orders (id BIGINT NOT NULL, ts TIMESTAMP NOT NULL, amount DOUBLE)"
              + " WITH (shards = 2)");
      statement.execute(
          "CREATE PIPELINE orders_in FROM KAFKA '"
              + kafka.bootstrapServers()
              + "' TOPIC 'orders' INTO orders FORMAT JSON WITH (batch_max_records = 200)");
    }
    Set<Long> committed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    Set<Long> aborted = java.util.concurrent.ConcurrentHashMap.newKeySet();
    AtomicBoolean isProducing = new AtomicBoolean(true);
    AtomicInteger transactions = new AtomicInteger();
    Future<?> producing =
        executor.submit(
            () -> {
              Random random = new Random(11);
              try (KafkaProducer<byte[], byte[]> producer = kafka.producer("orders-tx")) {
                producer.initTransactions();
                long next = 0;
                while (isProducing.get()) {
                  boolean abort = random.nextInt(10) == 0;
                  producer.beginTransaction();
                  List<Long> ids = new ArrayList<>();
                  for (int i = 0; i < 100; i++) {
                    long id = next++;
                    ids.add(id);
                    String value =
                        "{\"id\": "
                            + id
                            + ", \"ts\": "
                            + (1_796_119_200_000L + id)
                            + ", \"amount\": 1.5}";
                    producer.send(
                        new ProducerRecord<>(
                            "orders",
                            (int) (id % 3),
                            null,
                            value.getBytes(StandardCharsets.UTF_8)));
                  }
                  if (abort) {
                    producer.abortTransaction();
                    aborted.addAll(ids);
                  } else {
                    producer.commitTransaction();
                    committed.addAll(ids);
                  }
                  transactions.incrementAndGet();
                  Thread.sleep(5);
                }
              }
              return null;
            });
    for (int kill = 0; kill < 2; kill++) {
      // Let the pipeline land some rows, then kill the node mid-stream and start it again.
      long before = count(url, "SELECT count(*) FROM orders");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (count(url, "SELECT count(*) FROM orders") < before + 1_000
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      Process process = processes.get(processes.size() - 1);
      process.destroyForcibly(); // SIGKILL
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      url = startNode();
    }
    while (transactions.get() < 150) {
      Thread.sleep(50);
    }
    isProducing.set(false);
    producing.get(60, TimeUnit.SECONDS);

    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      awaitCount(statement, "SELECT count(*) FROM orders", committed.size());
      List<Long> stored = new ArrayList<>();
      try (ResultSet result = statement.executeQuery("SELECT id FROM orders")) {
        while (result.next()) {
          stored.add(result.getLong(1));
        }
      }
      assertThat(stored).hasSize(committed.size());
      assertThat(new HashSet<>(stored)).isEqualTo(committed);
      assertThat(stored).doesNotContainAnyElementsOf(aborted);
      assertThat(aborted).isNotEmpty();
    }
  }

  private String metrics() throws Exception {
    int port = Integer.parseInt(lastNode.stderr.awaitMatch(NodeProcess.HTTP_PORT).group(1));
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  static long count(String url, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }

  /** Waits until the count query returns {@code expected}; fails if it goes past it. */
  private static void awaitCount(Statement statement, String sql, long expected) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    long count = -1;
    while (System.nanoTime() < deadline) {
      try (ResultSet result = statement.executeQuery(sql)) {
        result.next();
        count = result.getLong(1);
      }
      if (count >= expected) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(count).as(sql).isEqualTo(expected);
  }

  private static List<String> rows(Statement statement, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        StringBuilder row = new StringBuilder();
        for (int c = 1; c <= columns; c++) {
          if (c > 1) {
            row.append(' ');
          }
          row.append(result.getString(c));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }
}
