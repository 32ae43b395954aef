package io.aurora.benchmarks.pipeline;

import static java.util.Objects.requireNonNull;

import io.aurora.benchmarks.LongList;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka pipeline against a running node and broker, beside a bare {@link KafkaConsumer} in the
 * same run:
 *
 * <ul>
 *   <li>Throughput: N records of a 10-column JSON topic (3 partitions) produced beforehand; the
 *       bare consumer reads them all without parsing (the ceiling), then a pipeline loads them into
 *       a table, timed from CREATE PIPELINE until its committed offsets are the last ones. Done
 *       {@code rounds} times, each on a topic and table of its own: the first round runs on a node
 *       whose JIT has not compiled the pipeline's code yet (cold), the later ones on a warm node.
 *   <li>Freshness: a producer sends R records per second to a one-partition topic for S seconds
 *       while a reader polls {@code max(seq)}; a record's latency is from its produce
 *       acknowledgement to the first query that sees it. The first two seconds are not counted.
 * </ul>
 *
 * Prints Markdown tables.
 *
 * <pre>
 * java -cp benchmarks/target/aurora-benchmarks.jar io.aurora.benchmarks.pipeline.PipelineBenchmark \
 *     BOOTSTRAP JDBC_URL [records=2000000] [rate=10000] [seconds=20] [rounds=1]
 * </pre>
 */
public final class PipelineBenchmark {
  private static final String[] COUNTRIES = {"DE", "US", "FR", "JP", "BR", "IN", "GB", "NL"};
  private static final String[] DEVICES = {"mobile", "desktop", "tablet"};

  private final String bootstrap;
  private final String url;
  private final String suffix = Long.toString(System.currentTimeMillis() % 1_000_000_000L);

  public PipelineBenchmark(String bootstrap, String url) {
    this.bootstrap = requireNonNull(bootstrap, "bootstrap is null");
    this.url = requireNonNull(url, "url is null");
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: PipelineBenchmark BOOTSTRAP JDBC_URL [records=2000000] [rate=10000] [seconds=20]"
              + " [rounds=1]");
      System.exit(2);
    }
    PipelineBenchmark benchmark = new PipelineBenchmark(args[0], args[1]);
    int records = args.length > 2 ? Integer.parseInt(args[2]) : 2_000_000;
    int rate = args.length > 3 ? Integer.parseInt(args[3]) : 10_000;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    System.out.printf(
        Locale.ROOT,
        "%n| consuming %,d records of a 10-column JSON topic (3 partitions) | bare KafkaConsumer,"
            + " no parsing (the ceiling), records/s | Aurora pipeline (FORMAT JSON), records/s |"
            + " MB/s | ratio |%n|---|---:|---:|---:|---:|%n",
        records);
    for (int round = 1; round <= rounds; round++) {
      Throughput throughput = benchmark.throughput(records, round);
      System.out.printf(
          Locale.ROOT,
          "| round %d%s | %,.0f | %,.0f | %.1f | %.2f |%n",
          round,
          round == 1 ? " (cold)" : "",
          throughput.bareRecordsPerSecond(),
          throughput.pipelineRecordsPerSecond(),
          throughput.megabytes() / (records / throughput.pipelineRecordsPerSecond()),
          throughput.pipelineRecordsPerSecond() / throughput.bareRecordsPerSecond());
    }
    Freshness freshness = benchmark.freshness(rate, Duration.ofSeconds(seconds));
    System.out.printf(
        Locale.ROOT,
        "%n| freshness at %,d records/s for %d s (produce ack to visible in a query) | records |"
            + " p50 ms | p99 ms | max ms |%n|---|---:|---:|---:|---:|%n| Aurora pipeline, one"
            + " partition | %,d | %.1f | %.1f | %.1f |%n",
        rate,
        seconds,
        freshness.records(),
        freshness.p50Millis(),
        freshness.p99Millis(),
        freshness.maxMillis());
  }

  /** Rates of the bare consumer and of the pipeline over the same records. */
  public record Throughput(
      double bareRecordsPerSecond, double pipelineRecordsPerSecond, double megabytes) {}

  /** Latency from produce acknowledgement to visibility. */
  public record Freshness(long records, double p50Millis, double p99Millis, double maxMillis) {}

  public Throughput throughput(int records, int round) throws Exception {
    String topic = "bench_json_" + suffix + "_" + round;
    createTopic(topic, 3);
    long bytes = 0;
    Random random = new Random(42);
    try (KafkaProducer<byte[], byte[]> producer = producer()) {
      for (int i = 0; i < records; i++) {
        byte[] value = jsonRecord(i, random).getBytes(StandardCharsets.UTF_8);
        bytes += value.length;
        producer.send(new ProducerRecord<>(topic, i % 3, null, value));
      }
      producer.flush();
    }

    long start = System.nanoTime();
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < 3; p++) {
        partitions.add(new TopicPartition(topic, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long checksum = 0;
      while (read < records) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          checksum += record.value().length;
          read++;
        }
      }
      if (checksum != bytes) {
        throw new IllegalStateException(
            "bare consumer read " + checksum + " of " + bytes + " bytes");
      }
    }
    double bare = read / ((System.nanoTime() - start) / 1e9);

    String table = "bench_json_" + suffix + "_" + round;
    double pipeline;
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE "
              + table
              + " (ts TIMESTAMP NOT NULL, user_id BIGINT, session_id BIGINT, url VARCHAR,"
              + " referrer VARCHAR, country VARCHAR, device VARCHAR, duration_ms INTEGER,"
              + " revenue DOUBLE, is_bot BOOLEAN)");
      long pipelineStart = System.nanoTime();
      statement.execute(
          "CREATE PIPELINE "
              + table
              + "_in FROM KAFKA '"
              + bootstrap
              + "' TOPIC '"
              + topic
              + "' INTO "
              + table
              + " FORMAT JSON");
      // Done when every partition's committed offset is its last (records / 3 each). A look at
      // system.pipelines is planned like any query (a few ms of CPU on a cold node), so it comes
      // every 250 ms until the last 2% of the records, and every 10 ms from there: often
      // enough to stop the clock within 10 ms, and seldom enough not to take CPU from the
      // pipeline being measured (count(*) would also scan the growing table).
      long committed = 0;
      while (committed < records) {
        Thread.sleep(committed < records * 0.98 ? 250 : 10);
        committed =
            count(
                statement,
                "SELECT coalesce(sum(committed_offset + 1), 0) FROM system.pipelines"
                    + " WHERE pipeline_name = '"
                    + table
                    + "_in'");
      }
      pipeline = records / ((System.nanoTime() - pipelineStart) / 1e9);
      long count = count(statement, "SELECT count(*) FROM " + table);
      if (count != records) {
        throw new IllegalStateException("pipeline loaded " + count + " of " + records + " records");
      }
      statement.execute("DROP PIPELINE " + table + "_in");
    }
    return new Throughput(bare, pipeline, bytes / 1e6);
  }

  public Freshness freshness(int rate, Duration duration) throws Exception {
    String topic = "bench_fresh_" + suffix;
    createTopic(topic, 1);
    String table = "bench_fresh_" + suffix;
    int total = (int) (rate * duration.toSeconds());
    AtomicLongArray acked = new AtomicLongArray(total);
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + table + " (ts TIMESTAMP NOT NULL, seq BIGINT NOT NULL)");
      statement.execute(
          "CREATE PIPELINE "
              + table
              + "_in FROM KAFKA '"
              + bootstrap
              + "' TOPIC '"
              + topic
              + "' INTO "
              + table
              + " FORMAT JSON WITH (start = 'earliest')");
      Thread.sleep(1_000); // the pipeline starts and waits at the end of the empty topic
      LongList latencies = new LongList();
      Thread producing =
          new Thread(
              () -> {
                try (KafkaProducer<byte[], byte[]> producer = producer()) {
                  long start = System.nanoTime();
                  for (int seq = 0; seq < total; seq++) {
                    long due = start + (long) (seq * (1e9 / rate));
                    while (System.nanoTime() < due) {
                      Thread.onSpinWait();
                    }
                    int record = seq;
                    byte[] value =
                        ("{\"ts\": " + System.currentTimeMillis() + ", \"seq\": " + seq + "}")
                            .getBytes(StandardCharsets.UTF_8);
                    producer.send(
                        new ProducerRecord<>(topic, 0, null, value),
                        (metadata, error) -> {
                          if (error == null) {
                            acked.set(record, System.nanoTime());
                          }
                        });
                  }
                  producer.flush();
                }
              },
              "freshness-producer");
      producing.start();
      long seen = -1;
      long warmup = rate * 2L;
      while (seen < total - 1) {
        long max = count(statement, "SELECT coalesce(max(seq), -1) FROM " + table);
        long now = System.nanoTime();
        for (long seq = seen + 1; seq <= max; seq++) {
          long ack = acked.get((int) seq);
          if (seq >= warmup) {
            // A record seen before its acknowledgement arrived here counts as 0.
            latencies.add(ack == 0 ? 0 : Math.max(0, now - ack));
          }
        }
        seen = Math.max(seen, max);
        Thread.sleep(2);
      }
      producing.join();
      statement.execute("DROP PIPELINE " + table + "_in");
      long[] sorted = latencies.toArray();
      java.util.Arrays.sort(sorted);
      return new Freshness(
          sorted.length,
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }
  }

  private static long percentile(long[] sorted, double quantile) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
  }

  private static String jsonRecord(int i, Random random) {
    return "{\"ts\": "
        + (1_796_119_200_000L + i)
        + ", \"user_id\": "
        + random.nextInt(1_000_000)
        + ", \"session_id\": "
        + random.nextLong()
        + ", \"url\": \"https://example.com/page/"
        + random.nextInt(10_000)
        + "\", \"referrer\": \"https://search.example/?q="
        + random.nextInt(1_000)
        + "\", \"country\": \""
        + COUNTRIES[random.nextInt(COUNTRIES.length)]
        + "\", \"device\": \""
        + DEVICES[random.nextInt(DEVICES.length)]
        + "\", \"duration_ms\": "
        + random.nextInt(60_000)
        + ", \"revenue\": "
        + (random.nextInt(100_000) / 100.0)
        + ", \"is_bot\": "
        + (random.nextInt(20) == 0)
        + "}";
  }

  private void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private KafkaProducer<byte[], byte[]> producer() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("key.serializer", ByteArraySerializer.class.getName());
    properties.put("value.serializer", ByteArraySerializer.class.getName());
    properties.put("linger.ms", "1");
    properties.put("batch.size", "262144");
    return new KafkaProducer<>(properties);
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrap);
    properties.put("key.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("value.deserializer", ByteArrayDeserializer.class.getName());
    properties.put("enable.auto.commit", "false");
    properties.put("isolation.level", "read_committed");
    properties.put("max.poll.records", "10000");
    return new KafkaConsumer<>(properties);
  }

  private static long count(Statement statement, String sql) throws SQLException {
    try (ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
