package io.aurora.kafka;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Table;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one pipeline: a thread with a {@link KafkaConsumer} that reads every partition of the topic
 * ({@code assign()}, {@code read_committed}), decodes each poll's records per partition into a
 * page, and appends it with its offsets through {@link Table#appendSourced} (bad records first, to
 * the dead-letter table, the same way). A second thread writes each batch while the first decodes
 * the next one; batches are written one at a time, in the order they were read. The target table's
 * shards keep the offsets in their Raft state, so on start, and after any failure, the consumer
 * resumes after {@link Table#sourceOffset}; a record read twice is applied once. No Kafka
 * consumer-group offset is trusted or committed.
 *
 * <p>The pipeline never stops by itself for a bad record. It shows as failed, and keeps retrying
 * with a growing pause (up to 10 s), while Kafka is unreachable past {@code kafka_timeout_ms} or
 * the table cannot be written (a shard without a leader); it stops as failed when a batch exceeds
 * the error budget ({@code max_error_ratio}), after writing that batch, so nothing is skipped.
 */
public final class KafkaPipeline implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaPipeline.class);
  private static final long MAX_BACKOFF_MILLIS = 10_000;
  private static final long REFRESH_NANOS = 1_000_000_000L;

  /** What the pipeline is doing. */
  public enum State {
    STARTING,
    RUNNING,
    RETRYING,
    FAILED,
    STOPPED
  }

  /** One partition's progress, as {@code system.pipelines} shows it. */
  public record PartitionStatus(
      int partition,
      long committedOffset,
      long highWatermark,
      long lagRecords,
      double lagSeconds,
      double rowsPerSecond,
      double bytesPerSecond,
      long rows,
      long errors) {}

  private final String name;
  private final String sourcePrefix;
  private final PipelineConfig config;
  private final Supplier<Table> table;
  private final Supplier<Table> errorTable;
  private final Thread thread;
  private final IntPredicate owns;
  private final @Nullable RecordTransform transform;
  private final Runnable checkWrite;
  private final Map<Integer, PartitionProgress> progress = new ConcurrentHashMap<>();
  private volatile boolean isClosed;
  private volatile State state = State.STARTING;
  private volatile @Nullable String failure;
  private volatile @Nullable KafkaConsumer<byte[], byte[]> consumer;

  /**
   * @param sourcePrefix unique to this pipeline for all time (a pipeline re-created under the same
   *     name must not inherit the old one's offsets): partition {@code p}'s source is {@code
   *     sourcePrefix + "/" + p}
   * @param table the target table, looked up again after a failure (it may be dropped)
   */
  public KafkaPipeline(
      String name,
      String sourcePrefix,
      PipelineConfig config,
      Supplier<Table> table,
      Supplier<Table> errorTable) {
    this(name, sourcePrefix, config, table, errorTable, partition -> true);
  }

  /**
   * A pipeline that reads only the partitions {@code owns} accepts, asked again every second: in a
   * cluster each node reads its share, and takes over another's when that node goes away. A
   * partition read by two nodes for a moment is still applied once (see the class comment).
   */
  public KafkaPipeline(
      String name,
      String sourcePrefix,
      PipelineConfig config,
      Supplier<Table> table,
      Supplier<Table> errorTable,
      IntPredicate owns) {
    this(name, sourcePrefix, config, table, errorTable, owns, null, () -> {});
  }

  /**
   * A pipeline whose rows are computed from the records by {@code transform} (column mappings and a
   * filter; JSON records only), or read from them directly when it is null.
   *
   * @param checkWrite run before every batch is written; what it throws (the pipeline's owner lost
   *     its privileges, say) fails the write like any other, so the pipeline retries from the
   *     committed offsets and shows why
   */
  public KafkaPipeline(
      String name,
      String sourcePrefix,
      PipelineConfig config,
      Supplier<Table> table,
      Supplier<Table> errorTable,
      IntPredicate owns,
      @Nullable RecordTransform transform,
      Runnable checkWrite) {
    this.transform = transform;
    this.checkWrite = requireNonNull(checkWrite, "checkWrite is null");
    this.owns = requireNonNull(owns, "owns is null");
    this.name = requireNonNull(name, "name is null");
    this.sourcePrefix = requireNonNull(sourcePrefix, "sourcePrefix is null");
    this.config = requireNonNull(config, "config is null");
    this.table = requireNonNull(table, "table is null");
    this.errorTable = requireNonNull(errorTable, "errorTable is null");
    this.thread = new Thread(this::run, "aurora-pipeline-" + name);
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  public String name() {
    return name;
  }

  public State state() {
    return state;
  }

  /** Why the pipeline failed or is retrying, or null. */
  public @Nullable String failure() {
    return failure;
  }

  public List<PartitionStatus> partitions() {
    List<PartitionStatus> statuses = new ArrayList<>();
    long now = System.nanoTime();
    for (Map.Entry<Integer, PartitionProgress> entry :
        new java.util.TreeMap<>(progress).entrySet()) {
      statuses.add(entry.getValue().status(entry.getKey(), now));
    }
    return statuses;
  }

  /** Stops the consumer thread and waits for it; a batch being written completes first. */
  @Override
  public void close() {
    isClosed = true;
    KafkaConsumer<byte[], byte[]> current = consumer;
    if (current != null) {
      current.wakeup();
    }
    thread.interrupt();
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state = State.STOPPED;
  }

  private void run() {
    long backoff = 250;
    while (!isClosed) {
      try (KafkaConsumer<byte[], byte[]> kafka =
          new KafkaConsumer<>(config.consumerProperties("aurora-pipeline-" + name))) {
        consumer = kafka;
        if (isClosed) {
          return;
        }
        consume(kafka);
        return; // stopped by the error budget
      } catch (WakeupException e) {
        if (isClosed) {
          return;
        }
      } catch (RuntimeException e) {
        if (isClosed) {
          return;
        }
        if (state == State.RUNNING) {
          backoff = 250; // it ran: the first retry comes soon again
        }
        String reason = describe(e);
        if (!reason.equals(failure)) {
          log.warn("Pipeline[{}] is retrying: {}", name, reason, e);
        }
        failure = reason;
        state = State.RETRYING;
      } finally {
        consumer = null;
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        if (isClosed) {
          return;
        }
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  private void consume(KafkaConsumer<byte[], byte[]> kafka) {
    Table target = table.get();
    try (BatchWriter writer = new BatchWriter(target)) {
      consume(kafka, target, writer);
    }
  }

  private void consume(KafkaConsumer<byte[], byte[]> kafka, Table target, BatchWriter writer) {
    RecordDecoder decoder;
    RowAssembler rows;
    if (transform == null) {
      decoder = config.decoder(target.schema());
      rows = new RowAssembler(target.schema());
    } else {
      decoder = config.fieldDecoder(target.schema(), transform.sourceFields());
      rows = new RowAssembler(stagingSchema(transform.sourceFields()));
    }
    List<TopicPartition> owned = List.of();
    long lastContact = System.nanoTime();
    long nextRefresh = 0;
    while (!isClosed) {
      if (state == State.FAILED) {
        return; // the writer found a batch past the error budget
      }
      long now = System.nanoTime();
      if (now >= nextRefresh) {
        nextRefresh = now + REFRESH_NANOS;
        List<TopicPartition> nowOwned = ownedPartitions(partitionsOf(kafka));
        if (!nowOwned.equals(owned)) {
          writer.drain(); // the committed offsets are read next
          reassign(kafka, target, owned, nowOwned);
          owned = nowOwned;
        }
        if (!owned.isEmpty()) {
          try {
            Map<TopicPartition, Long> ends = kafka.endOffsets(owned, Duration.ofSeconds(5));
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
              progressOf(end.getKey().partition()).highWatermark = end.getValue();
            }
            lastContact = now;
          } catch (org.apache.kafka.common.errors.TimeoutException e) {
            if (now - lastContact > config.kafkaTimeout().toNanos()) {
              throw new KafkaUnreachableException(
                  "Kafka at "
                      + config.bootstrapServers()
                      + " is unreachable for more than "
                      + config.kafkaTimeout().toMillis()
                      + " ms");
            }
          }
        }
        // Not from FAILED: only the writer sets it, once running.
        if (state == State.STARTING || state == State.RETRYING) {
          log.info(
              "Pipeline[{}] is consuming topic[{}] partitions{}",
              name,
              config.topic(),
              partitionNumbers(owned));
          state = State.RUNNING;
          failure = null;
        }
      }
      if (owned.isEmpty()) {
        sleep(config.batchMaxLatency().toMillis());
        continue;
      }
      writer.rethrowFailure();
      ConsumerRecords<byte[], byte[]> records = kafka.poll(config.batchMaxLatency());
      Map<TopicPartition, OffsetAndMetadata> submitted = new HashMap<>();
      for (TopicPartition partition : records.partitions()) {
        List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
        DecodedBatch decoded = decodeBatch(partition, batch, decoder, rows);
        if (!writer.submit(decoded)) {
          return; // the previous batch exceeded the error budget
        }
        submitted.put(partition, new OffsetAndMetadata(decoded.endOffset() + 1));
      }
      if (!submitted.isEmpty()) {
        // For monitoring tools only (the batches may still be in flight); a failed commit changes
        // nothing here.
        kafka.commitAsync(
            submitted,
            (offsets, error) -> {
              if (error != null && log.isDebugEnabled()) {
                log.debug("Pipeline[{}]: committing offsets for monitoring failed", name, error);
              }
            });
      }
    }
  }

  /** The staging columns of a transformed pipeline: the fields as VARCHAR, then the row number. */
  static io.aurora.storage.type.TableSchema stagingSchema(List<String> fields) {
    List<io.aurora.storage.type.ColumnSchema> columns = new ArrayList<>();
    for (String field : fields) {
      columns.add(
          io.aurora.storage.type.ColumnSchema.of(field, io.aurora.storage.type.DataType.VARCHAR));
    }
    columns.add(
        new io.aurora.storage.type.ColumnSchema(
            STAGING_ROW_COLUMN, io.aurora.storage.type.DataType.BIGINT, false));
    return io.aurora.storage.type.TableSchema.of(columns);
  }

  /** The name of the staging page's last column, the record's row number in its batch. */
  public static final String STAGING_ROW_COLUMN = "__row";

  /** The partitions this pipeline reads now, in partition order. */
  private List<TopicPartition> ownedPartitions(List<TopicPartition> partitions) {
    List<TopicPartition> owned = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      if (owns.test(partition.partition())) {
        owned.add(partition);
      }
    }
    return owned;
  }

  /** Assigns {@code now}; partitions new to this consumer start after their committed offset. */
  private void reassign(
      KafkaConsumer<byte[], byte[]> kafka,
      Table target,
      List<TopicPartition> before,
      List<TopicPartition> now) {
    kafka.assign(now);
    List<TopicPartition> added = new ArrayList<>();
    for (TopicPartition partition : now) {
      if (!before.contains(partition)) {
        added.add(partition);
      }
    }
    for (TopicPartition partition : before) {
      if (!now.contains(partition)) {
        progress.remove(partition.partition());
      }
    }
    seekToCommitted(kafka, target, added);
    if (!before.isEmpty()) {
      log.info(
          "Pipeline[{}] reads partitions{} of topic[{}] (was {})",
          name,
          partitionNumbers(now),
          config.topic(),
          partitionNumbers(before));
    }
  }

  private static List<Integer> partitionNumbers(List<TopicPartition> partitions) {
    List<Integer> numbers = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      numbers.add(partition.partition());
    }
    return numbers;
  }

  private void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      if (!isClosed) {
        Thread.currentThread().interrupt();
      }
      throw new WakeupException();
    }
  }

  /** Kafka could not be reached for longer than {@code kafka_timeout_ms}: retry from the start. */
  private static final class KafkaUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KafkaUnreachableException(String message) {
      super(message);
    }
  }

  private List<TopicPartition> partitionsOf(KafkaConsumer<byte[], byte[]> kafka) {
    List<PartitionInfo> infos = kafka.partitionsFor(config.topic(), config.kafkaTimeout());
    if (infos == null || infos.isEmpty()) {
      throw new AuroraException(
          ErrorCode.UNDEFINED_OBJECT,
          "Topic " + config.topic() + " does not exist at " + config.bootstrapServers());
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (PartitionInfo info : infos) {
      partitions.add(new TopicPartition(info.topic(), info.partition()));
    }
    partitions.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
    return partitions;
  }

  /** Positions each partition after its committed offset, or at the start position. */
  private void seekToCommitted(
      KafkaConsumer<byte[], byte[]> kafka, Table target, List<TopicPartition> partitions) {
    List<TopicPartition> fresh = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      long committed = target.sourceOffset(source(partition.partition()));
      progressOf(partition.partition()).committedOffset = committed;
      if (committed >= 0) {
        kafka.seek(partition, committed + 1);
      } else {
        fresh.add(partition);
      }
    }
    if (fresh.isEmpty()) {
      return;
    }
    switch (config.start()) {
      case EARLIEST -> kafka.seekToBeginning(fresh);
      case LATEST -> kafka.seekToEnd(fresh);
      case TIMESTAMP -> {
        Map<TopicPartition, Long> times = new HashMap<>();
        long millis = requireNonNull(config.startTime()).toEpochMilli();
        for (TopicPartition partition : fresh) {
          times.put(partition, millis);
        }
        Map<TopicPartition, OffsetAndTimestamp> found =
            kafka.offsetsForTimes(times, config.kafkaTimeout());
        List<TopicPartition> toEnd = new ArrayList<>();
        for (TopicPartition partition : fresh) {
          OffsetAndTimestamp offset = found.get(partition);
          if (offset == null) {
            toEnd.add(partition);
          } else {
            kafka.seek(partition, offset.offset());
          }
        }
        kafka.seekToEnd(toEnd);
      }
    }
  }

  /** A partition's records decoded into rows, ready to be written. */
  private record DecodedBatch(
      TopicPartition partition,
      Page rows,
      long[] offsets,
      DeadLetters bad,
      long endOffset,
      int records,
      long bytes,
      long lastRecordMillis) {}

  /** Decodes (and transforms) a partition's records: runs on the consumer thread. */
  private DecodedBatch decodeBatch(
      TopicPartition partition,
      List<ConsumerRecord<byte[], byte[]>> records,
      RecordDecoder decoder,
      RowAssembler rows) {
    long[] offsets = new long[records.size()];
    List<ConsumerRecord<byte[], byte[]>> decoded =
        transform == null ? List.of() : new ArrayList<>(records.size());
    int good = 0;
    long bytes = 0;
    DeadLetters bad = new DeadLetters();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      bytes += record.serializedValueSize() < 0 ? 0 : record.serializedValueSize();
      try {
        if (decoder instanceof FieldDecoder fields) {
          fields.rowNumber(good);
        }
        decoder.decode(record.value(), rows);
        offsets[good++] = record.offset();
        if (transform != null) {
          decoded.add(record);
        }
      } catch (AuroraException e) {
        addDeadLetter(bad, record, e);
      } catch (RuntimeException e) {
        // A decoder's own failure on one record must not stall the partition behind it: the
        // record goes to the dead-letter table with XX000, and the failure to the log.
        log.warn(
            "Pipeline[{}] partition[{}] offset[{}]: the record could not be decoded",
            name,
            record.partition(),
            record.offset(),
            e);
        addDeadLetter(
            bad,
            record,
            new AuroraException(
                ErrorCode.INTERNAL_ERROR, "the record could not be decoded: " + e, e));
      }
    }
    Page page = rows.finish();
    if (transform != null) {
      TransformedRows transformed = transform(transform, page, offsets, decoded, bad);
      page = transformed.rows();
      offsets = transformed.offsets();
      good = offsets.length;
    }
    ConsumerRecord<byte[], byte[]> last = records.get(records.size() - 1);
    return new DecodedBatch(
        partition,
        page,
        good == offsets.length ? offsets : java.util.Arrays.copyOf(offsets, good),
        bad,
        last.offset(),
        records.size(),
        bytes,
        last.timestamp());
  }

  /**
   * Writes a decoded batch and its offsets, dead letters first: a crash between the two writes
   * re-reads the batch, and the error table drops what it has. Runs on the writer thread.
   */
  private void writeBatch(DecodedBatch batch, Table target) {
    checkWrite.run();
    String source = source(batch.partition().partition());
    DeadLetters bad = batch.bad();
    if (bad.rowCount() > 0) {
      errorTable.get().appendSourced(bad.page(), bad.offsets(), source, batch.endOffset());
    }
    target.appendSourced(batch.rows(), batch.offsets(), source, batch.endOffset());
    PartitionProgress partitionProgress = progressOf(batch.partition().partition());
    partitionProgress.recordBatch(
        batch.endOffset(),
        batch.offsets().length,
        bad.rowCount(),
        batch.bytes(),
        batch.lastRecordMillis());
    if (bad.rowCount() > 0) {
      log.debug(
          "Pipeline[{}] partition[{}]: bad records[{}] up to offset[{}]",
          name,
          batch.partition().partition(),
          bad.rowCount(),
          batch.endOffset());
      if (batch.records() >= 100 && bad.rowCount() > config.maxErrorRatio() * batch.records()) {
        failure =
            "bad records["
                + bad.rowCount()
                + "] of ["
                + batch.records()
                + "] in a batch of partition "
                + batch.partition().partition()
                + " exceed max_error_ratio "
                + config.maxErrorRatio()
                + " (see table "
                + DeadLetters.tableName(name)
                + ")";
        log.warn("Pipeline[{}] failed: {}", name, failure);
        state = State.FAILED;
      }
    }
  }

  /**
   * Writes decoded batches on a thread of its own, one at a time and in order, so the consumer
   * thread decodes the next batch while the last one waits for its Raft commit. At most one batch
   * is in flight: {@link #submit} waits for the one before, and rethrows its failure, so a failed
   * write ends the consume loop and the pipeline resumes from the committed offsets; later batches
   * are read again. Closing waits for the batch in flight, whatever interrupts the consumer.
   */
  private final class BatchWriter implements AutoCloseable {
    private final Table target;
    private final java.util.concurrent.ExecutorService thread;
    private java.util.concurrent.@Nullable Future<?> inFlight;

    BatchWriter(Table target) {
      this.target = target;
      this.thread =
          java.util.concurrent.Executors.newSingleThreadExecutor(
              runnable -> {
                Thread writer = new Thread(runnable, "aurora-pipeline-" + name + "-writer");
                writer.setDaemon(true);
                return writer;
              });
    }

    /**
     * Waits for the batch in flight, then hands {@code batch} to the writer thread.
     *
     * @return false, submitting nothing, when the batch before failed the pipeline (error budget)
     */
    boolean submit(DecodedBatch batch) {
      drain();
      if (state == State.FAILED) {
        return false;
      }
      inFlight = thread.submit(() -> writeBatch(batch, target));
      return true;
    }

    /**
     * Rethrows the failure of the batch in flight once it has failed, so the pipeline shows it
     * (retrying) without waiting for another batch to arrive; does not wait.
     */
    void rethrowFailure() {
      java.util.concurrent.Future<?> pending = inFlight;
      if (pending != null && pending.isDone()) {
        drain();
      }
    }

    /** Waits for the batch in flight; rethrows its failure. */
    void drain() {
      java.util.concurrent.Future<?> pending = inFlight;
      if (pending == null) {
        return;
      }
      inFlight = null;
      boolean isInterrupted = false;
      try {
        while (true) {
          try {
            pending.get();
            break;
          } catch (InterruptedException e) {
            isInterrupted = true; // the write is not abandoned halfway: wait on
          }
        }
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (cause instanceof Error error) {
          throw error;
        }
        throw new IllegalStateException(cause);
      } finally {
        if (isInterrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public void close() {
      try {
        drain();
      } finally {
        thread.shutdown();
      }
    }
  }

  private static void addDeadLetter(
      DeadLetters bad, ConsumerRecord<byte[], byte[]> record, AuroraException error) {
    bad.add(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key(),
        record.value(),
        error.getMessage(),
        error.errorCode().sqlState(),
        record.timestamp());
  }

  /** The target rows of a transformed batch and the offset of each. */
  private record TransformedRows(Page rows, long[] offsets) {}

  /**
   * Applies the transform to the staging rows; when it fails on the batch, applies it to one row at
   * a time, so the rows it fails on go to the dead-letter table and the others are kept.
   */
  private TransformedRows transform(
      RecordTransform transform,
      Page staging,
      long[] stagingOffsets,
      List<ConsumerRecord<byte[], byte[]>> records,
      DeadLetters bad) {
    if (staging.rowCount() == 0) {
      return new TransformedRows(transform.apply(staging).rows(), new long[0]);
    }
    try {
      RecordTransform.Result result = transform.apply(staging);
      return new TransformedRows(result.rows(), offsetsOf(result.stagingRows(), stagingOffsets));
    } catch (AuroraException batchError) {
      List<Page> pages = new ArrayList<>();
      long[] offsets = new long[staging.rowCount()];
      int count = 0;
      for (int row = 0; row < staging.rowCount(); row++) {
        try {
          RecordTransform.Result result =
              transform.apply(staging.withSelection(new int[] {row}, 1).compact());
          pages.add(result.rows());
          for (int i = 0; i < result.rows().rowCount(); i++) {
            offsets[count++] = stagingOffsets[row];
          }
        } catch (AuroraException e) {
          addDeadLetter(bad, records.get(row), e);
        }
      }
      return new TransformedRows(concat(pages), java.util.Arrays.copyOf(offsets, count));
    }
  }

  private static long[] offsetsOf(long[] stagingRows, long[] stagingOffsets) {
    long[] offsets = new long[stagingRows.length];
    for (int i = 0; i < stagingRows.length; i++) {
      offsets[i] = stagingOffsets[(int) stagingRows[i]];
    }
    return offsets;
  }

  /** The rows of the pages, in order, as one page (the pages share their column types). */
  private Page concat(List<Page> pages) {
    io.aurora.storage.type.TableSchema schema = table.get().schema();
    int total = 0;
    for (Page page : pages) {
      total += page.rowCount();
    }
    io.aurora.storage.block.Block[] blocks =
        new io.aurora.storage.block.Block[schema.columnCount()];
    for (int c = 0; c < blocks.length; c++) {
      io.aurora.storage.block.BlockBuilder builder =
          io.aurora.storage.block.BlockBuilder.forType(schema.column(c).type(), total);
      for (Page page : pages) {
        for (int row = 0; row < page.rowCount(); row++) {
          builder.appendFrom(page.block(c), page.position(row));
        }
      }
      blocks[c] = builder.build();
    }
    return new Page(total, blocks);
  }

  private String source(int partition) {
    return sourcePrefix + "/" + partition;
  }

  private PartitionProgress progressOf(int partition) {
    return progress.computeIfAbsent(partition, p -> new PartitionProgress());
  }

  private String describe(Throwable e) {
    String message = e.getMessage();
    if (e instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "Kafka at " + config.bootstrapServers() + " is unreachable: " + message;
    }
    if (e instanceof KafkaUnreachableException) {
      return message;
    }
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** Counters of one partition, written by the consumer thread and read by status queries. */
  private static final class PartitionProgress {
    volatile long committedOffset = -1;
    volatile long highWatermark = -1;
    volatile long lastRecordMillis = -1;
    volatile long rows;
    volatile long errors;
    volatile long bytes;
    // A rate over the batches of the last few seconds: counts since the window began.
    private long windowStartNanos = System.nanoTime();
    private long windowRows;
    private long windowBytes;
    private volatile double rowsPerSecond;
    private volatile double bytesPerSecond;

    void recordBatch(long endOffset, int good, int bad, long batchBytes, long lastMillis) {
      committedOffset = endOffset;
      rows += good;
      errors += bad;
      bytes += batchBytes;
      lastRecordMillis = lastMillis;
      if (endOffset + 1 > highWatermark) {
        highWatermark = endOffset + 1;
      }
      windowRows += good;
      windowBytes += batchBytes;
      long now = System.nanoTime();
      long elapsed = now - windowStartNanos;
      if (elapsed >= 1_000_000_000L) {
        rowsPerSecond = windowRows * 1e9 / elapsed;
        bytesPerSecond = windowBytes * 1e9 / elapsed;
        windowStartNanos = now;
        windowRows = 0;
        windowBytes = 0;
      }
    }

    PartitionStatus status(int partition, long nowNanos) {
      long committed = committedOffset;
      long end = highWatermark;
      // Offsets are not contiguous (transaction markers): the lag counts offsets, an upper bound
      // on the records behind.
      long lag = end < 0 ? 0 : Math.max(0, end - (committed + 1));
      double lagSeconds =
          lag == 0 || lastRecordMillis < 0
              ? 0
              : Math.max(0, (System.currentTimeMillis() - lastRecordMillis) / 1000.0);
      boolean isIdle = nowNanos - windowStartNanos > 5_000_000_000L;
      return new PartitionStatus(
          partition,
          committed,
          end,
          lag,
          lagSeconds,
          isIdle ? 0 : rowsPerSecond,
          isIdle ? 0 : bytesPerSecond,
          rows,
          errors);
    }
  }
}
