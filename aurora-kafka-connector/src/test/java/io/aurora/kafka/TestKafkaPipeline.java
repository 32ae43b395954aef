package io.aurora.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.TableSchema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pipeline against a real broker, writing to local tables: transactions of which some abort, bad
 * records among good ones, and the pipeline closed and started again mid-stream, with a second
 * consumer overlapping the first.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TestKafkaPipeline {
  private static final TableSchema EVENTS =
      TableSchema.of(
          List.of(
              new ColumnSchema("id", DataType.BIGINT, false),
              ColumnSchema.of("ts", DataType.TIMESTAMP),
              ColumnSchema.of("note", DataType.VARCHAR)));

  private static TestingKafka kafka;

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

  @Test
  void committedRecordsLandOnceAndAbortedOnesNeverWhateverTheRestarts() throws Exception {
    kafka.createTopic("events", 3);
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      catalog.createTable("events", EVENTS, false);
      catalog.createTable("events_errors", DeadLetters.SCHEMA, false);
      Table events = Objects.requireNonNull(catalog.table("events"));
      Table errors = Objects.requireNonNull(catalog.table("events_errors"));
      PipelineConfig config =
          PipelineConfig.of(
              kafka.bootstrapServers(), "events", "JSON", Map.of("batch_max_records", "37"));

      Set<Long> committed = new HashSet<>();
      Set<Long> aborted = new HashSet<>();
      Set<Long> bad = new HashSet<>();
      Random random = new Random(42);
      KafkaPipeline first = pipeline(config, events, errors);
      first.start();
      KafkaPipeline second = null;
      try (KafkaProducer<byte[], byte[]> producer = kafka.producer("aurora-test-tx")) {
        producer.initTransactions();
        long next = 0;
        for (int transaction = 0; transaction < 60; transaction++) {
          boolean abort = random.nextInt(10) == 0;
          producer.beginTransaction();
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < 20; i++) {
            long id = next++;
            ids.add(id);
            String value =
                id % 29 == 0
                    ? "{\"id\": \"not a number " + id + "\"}"
                    : "{\"id\": " + id + ", \"ts\": \"2026-12-01T10:00:00Z\", \"note\": \"n\"}";
            producer.send(
                new ProducerRecord<>(
                    "events", (int) (id % 3), null, value.getBytes(StandardCharsets.UTF_8)));
          }
          if (abort) {
            producer.abortTransaction();
            aborted.addAll(ids);
          } else {
            producer.commitTransaction();
            for (long id : ids) {
              (id % 29 == 0 ? bad : committed).add(id);
            }
          }
          if (transaction == 20) {
            // A restart: the pipeline resumes from the offsets the table holds.
            first.close();
            first = pipeline(config, events, errors);
            first.start();
          }
          if (transaction == 40) {
            // A second consumer of the same partitions for a while (a change of runner).
            second = pipeline(config, events, errors);
            second.start();
          }
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ids(events).size() < committed.size() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      first.close();
      if (second != null) {
        second.close();
      }
      List<Long> stored = ids(events);
      assertThat(stored).hasSize(committed.size());
      assertThat(new HashSet<>(stored)).isEqualTo(committed);
      assertThat(stored).doesNotContainAnyElementsOf(aborted);
      // Every bad record once in the dead-letter table, with its offset and error.
      assertThat(errors.rowCount()).isEqualTo(bad.size());
      List<String> reasons = new ArrayList<>();
      errors
          .scan(ScanRequest.of(List.of("payload", "sqlstate", "topic")))
          .forEachPage(
              page -> {
                for (int row = 0; row < page.rowCount(); row++) {
                  reasons.add(page.objectValue(1, row) + " " + page.objectValue(2, row));
                  assertThat((String) page.objectValue(0, row)).contains("not a number");
                }
              });
      assertThat(reasons).containsOnly("22P02 events");
      assertThat(first.partitions())
          .hasSize(3)
          .allSatisfy(partition -> assertThat(partition.committedOffset()).isPositive());
      // Monitoring tools see the progress in the pipeline's consumer group.
      try (org.apache.kafka.clients.admin.Admin admin =
          org.apache.kafka.clients.admin.Admin.create(
              Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        Map<
                org.apache.kafka.common.TopicPartition,
                org.apache.kafka.clients.consumer.OffsetAndMetadata>
            group =
                admin
                    .listConsumerGroupOffsets("aurora-pipeline-events")
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        assertThat(group).hasSize(3);
      }
    }
  }

  /**
   * The broker goes away for longer than {@code kafka_timeout_ms}: the pipeline shows it is
   * retrying, with the reason, and when the broker is back it runs again by itself and loses
   * nothing.
   */
  @Test
  void survivesTheBrokerGoingAwayAndComingBack() throws Exception {
    try (TestingKafka flaky = TestingKafka.startBehindProxy();
        LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      flaky.createTopic("flaky", 2);
      catalog.createTable("events", EVENTS, false);
      catalog.createTable("events_errors", DeadLetters.SCHEMA, false);
      Table events = Objects.requireNonNull(catalog.table("events"));
      Table errors = Objects.requireNonNull(catalog.table("events_errors"));
      PipelineConfig config =
          PipelineConfig.of(
              flaky.bootstrapServers(), "flaky", "JSON", Map.of("kafka_timeout_ms", "1000"));
      try (KafkaPipeline pipeline =
          new KafkaPipeline("flaky", "pipeline-2", config, () -> events, () -> errors)) {
        pipeline.start();
        flaky.send("flaky", 0, json(0), json(1));
        awaitRows(events, 2);

        flaky.disconnect();
        awaitState(pipeline, KafkaPipeline.State.RETRYING);
        assertThat(pipeline.failure()).contains("unreachable");

        flaky.reconnect();
        flaky.send("flaky", 1, json(2), json(3), json(4));
        awaitRows(events, 5);
        awaitState(pipeline, KafkaPipeline.State.RUNNING);
        assertThat(pipeline.failure()).isNull();
        assertThat(ids(events)).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
      }
    }
  }

  /**
   * A batch of at least 100 records with more bad ones than {@code max_error_ratio} allows is
   * written (good rows to the table, bad ones to the dead-letter table) and then stops the pipeline
   * as failed, saying why; CSV and Avro records go the same way as JSON ones.
   */
  @Test
  void aBatchPastTheErrorBudgetStopsThePipelineAfterWritingIt() throws Exception {
    kafka.createTopic("budget", 1);
    kafka.createTopic("csv", 1);
    kafka.createTopic("avro", 1);
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      catalog.createTable("events", EVENTS, false);
      catalog.createTable("events_errors", DeadLetters.SCHEMA, false);
      Table events = Objects.requireNonNull(catalog.table("events"));
      Table errors = Objects.requireNonNull(catalog.table("events_errors"));
      List<String> values = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        values.add(i % 4 == 0 ? "{\"id\": \"bad\"}" : json(i));
      }
      kafka.send("budget", 0, values.toArray(new String[0]));
      PipelineConfig budget =
          PipelineConfig.of(
              kafka.bootstrapServers(), "budget", "JSON", Map.of("max_error_ratio", "0.2"));
      try (KafkaPipeline pipeline =
          new KafkaPipeline("events", "pipeline-3", budget, () -> events, () -> errors)) {
        pipeline.start();
        awaitState(pipeline, KafkaPipeline.State.FAILED);
        assertThat(pipeline.failure()).contains("exceed max_error_ratio 0.2");
        // The batch that failed was written whole, up to its committed offset: nothing is
        // skipped when the pipeline starts again.
        long committed = pipeline.partitions().get(0).committedOffset();
        long bad = committed / 4 + 1;
        assertThat(errors.rowCount()).isEqualTo(bad);
        assertThat(events.rowCount()).isEqualTo(committed + 1 - bad);
      }

      kafka.send("csv", 0, "1000,2026-12-01 10:00:00,a", "1001,,\"b,c\"", "x,,");
      org.apache.avro.Schema schema =
          AvroRecordDecoder.parseSchema(
              "{\"type\": \"record\", \"name\": \"E\", \"fields\": [{\"name\": \"id\","
                  + " \"type\": \"long\"}, {\"name\": \"note\", \"type\": \"string\"}]}");
      org.apache.avro.generic.GenericRecord record =
          new org.apache.avro.generic.GenericData.Record(schema);
      record.put("id", 2000L);
      record.put("note", "avro");
      byte[] avro = TestAvroRecordDecoder.encode(schema, record);
      try (org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> producer =
          kafka.producer(null)) {
        producer.send(new ProducerRecord<>("avro", 0, null, avro)).get(30, TimeUnit.SECONDS);
      }
      long before = events.rowCount();
      try (KafkaPipeline csv =
              new KafkaPipeline(
                  "csv",
                  "pipeline-4",
                  PipelineConfig.of(kafka.bootstrapServers(), "csv", "CSV", Map.of()),
                  () -> events,
                  () -> errors);
          KafkaPipeline inline =
              new KafkaPipeline(
                  "avro",
                  "pipeline-5",
                  PipelineConfig.of(
                      kafka.bootstrapServers(),
                      "avro",
                      "AVRO",
                      Map.of("avro_schema", schema.toString())),
                  () -> events,
                  () -> errors)) {
        csv.start();
        inline.start();
        awaitRows(events, (int) before + 3);
      }
      assertThat(ids(events)).contains(1000L, 1001L, 2000L);
    }
  }

  /**
   * Writes run on a thread of their own while the next batch is decoded. When a write fails (here
   * the 5th to the 8th, as a shard without a leader would fail them), the pipeline retries, reads
   * again from the offsets the table committed, and ends with every record once.
   */
  @Test
  void aFailedWriteIsRetriedFromTheCommittedOffsetsAndLosesNothing() throws Exception {
    kafka.createTopic("writes", 1);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      values.add(json(i));
    }
    kafka.send("writes", 0, values.toArray(new String[0]));
    try (LocalCatalog catalog = new LocalCatalog(directory, StorageConfig.DEFAULT)) {
      catalog.createTable("events", EVENTS, false);
      catalog.createTable("events_errors", DeadLetters.SCHEMA, false);
      Table events = Objects.requireNonNull(catalog.table("events"));
      Table errors = Objects.requireNonNull(catalog.table("events_errors"));
      java.util.concurrent.atomic.AtomicInteger writes =
          new java.util.concurrent.atomic.AtomicInteger();
      Table failing =
          new Table() {
            @Override
            public String name() {
              return events.name();
            }

            @Override
            public TableSchema schema() {
              return events.schema();
            }

            @Override
            public long rowCount() {
              return events.rowCount();
            }

            @Override
            public io.aurora.storage.scan.TableScan scan(ScanRequest request) {
              return events.scan(request);
            }

            @Override
            public void append(io.aurora.storage.block.Page page) {
              events.append(page);
            }

            @Override
            public boolean append(
                io.aurora.storage.block.Page page, String producerId, long sequence) {
              return events.append(page, producerId, sequence);
            }

            @Override
            public long appendSourced(
                io.aurora.storage.block.Page page, long[] offsets, String source, long endOffset) {
              int write = writes.incrementAndGet();
              if (write >= 5 && write <= 8) {
                throw new io.aurora.storage.error.AuroraException(
                    io.aurora.storage.error.ErrorCode.UNAVAILABLE, "no leader for write " + write);
              }
              return events.appendSourced(page, offsets, source, endOffset);
            }

            @Override
            public long sourceOffset(String source) {
              return events.sourceOffset(source);
            }
          };
      PipelineConfig config =
          PipelineConfig.of(
              kafka.bootstrapServers(), "writes", "JSON", Map.of("batch_max_records", "100"));
      try (KafkaPipeline pipeline =
          new KafkaPipeline("writes", "pipeline-6", config, () -> failing, () -> errors)) {
        pipeline.start();
        awaitRows(events, 3000);
        assertThat(writes.get()).isGreaterThan(8);
        awaitState(pipeline, KafkaPipeline.State.RUNNING);
        assertThat(pipeline.partitions().get(0).committedOffset()).isEqualTo(2999);
      }
      List<Long> ids = ids(events);
      assertThat(ids).hasSize(3000);
      assertThat(new HashSet<>(ids)).hasSize(3000);
      assertThat(errors.rowCount()).isZero();
    }
  }

  private static void awaitState(KafkaPipeline pipeline, KafkaPipeline.State state)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (pipeline.state() != state && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(pipeline.state()).isEqualTo(state);
  }

  private static String json(long id) {
    return "{\"id\": " + id + "}";
  }

  private static void awaitRows(Table table, int rows) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (table.rowCount() < rows && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(table.rowCount()).isEqualTo(rows);
  }

  private static KafkaPipeline pipeline(PipelineConfig config, Table events, Table errors) {
    return new KafkaPipeline("events", "pipeline-1", config, () -> events, () -> errors);
  }

  private static List<Long> ids(Table table) {
    List<Long> ids = new ArrayList<>();
    table
        .scan(ScanRequest.of(List.of("id")))
        .forEachPage(
            page -> {
              for (int row = 0; row < page.rowCount(); row++) {
                ids.add((Long) page.objectValue(0, row));
              }
            });
    return ids;
  }
}
