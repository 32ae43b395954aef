package io.aurora.client;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ByteString;
import io.aurora.client.proto.Column;
import io.aurora.client.proto.IngestRequest;
import io.aurora.client.proto.IngestResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams rows into one table through the {@code Ingest} call: buffers rows, sends them as Arrow
 * batches, and keeps every batch until the server acknowledges it.
 *
 * <pre>
 *   write(row) ─▶ buffer ─▶ sealed (maxBatchRows, maxBatchBytes or linger) ─▶ sequence n
 *     ─▶ sent on the open Ingest stream ─▶ acknowledged (durable, visible) ─▶ dropped
 *   stream fails with UNAVAILABLE ─▶ next endpoint, backoff ─▶ new stream ─▶ resend every
 *     unacknowledged batch with its ORIGINAL sequence (the server applies each at most once)
 *   stream fails otherwise (schema mismatch, ...) ─▶ the writer fails; nothing of the rejected
 *     batch was applied; write, flush and close throw
 * </pre>
 *
 * <p>Back-pressure: at most {@link WriterOptions#maxInFlightBatches()} batches are sent and not yet
 * acknowledged; a write that seals one more waits until the oldest is acknowledged.
 *
 * <p>Rows: {@link #newRow()} builds a row column by column; {@link #write(Map)} takes a map of
 * column names to values; missing columns are NULL. Values are checked against the column types
 * when set (see {@link AuroraClient#parameter} for the Java types; DATE also takes Integer days and
 * TIMESTAMP Long microseconds).
 *
 * <p>Thread-safe: several threads may write; rows of one thread keep their order.
 */
public final class AuroraWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AuroraWriter.class);

  private final AuroraClient client;
  private final String table;
  private final List<Column> columns;
  private final Schema schema;
  private final Map<String, Integer> columnIndexes = new HashMap<>();
  private final WriterOptions options;
  private final ScheduledExecutorService scheduler;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();

  private List<@Nullable Object[]> buffer = new ArrayList<>();
  private long bufferBytes;
  private long bufferStartNanos;
  private long nextSequence;
  private final ArrayDeque<Batch> unacknowledged = new ArrayDeque<>();
  private @Nullable StreamObserver<IngestRequest> stream;
  private long streamGeneration;
  private boolean isReconnectScheduled;
  private int failedAttempts;
  private long firstFailureNanos;
  private @Nullable AuroraClientException failure;
  // Whether the failure was thrown to the caller already: close() does not throw it again, which
  // in a try-with-resources block would replace it with "Self-suppression not permitted".
  private boolean isFailureReported;
  private long rowsAcknowledged;
  private long duplicateBatches;
  private boolean isClosed;

  AuroraWriter(AuroraClient client, String table, List<Column> columns, WriterOptions options) {
    this.client = requireNonNull(client, "client is null");
    this.table = requireNonNull(table, "table is null");
    this.columns = List.copyOf(columns);
    this.options = requireNonNull(options, "options is null");
    this.schema = ArrowTypes.schema(this.columns);
    for (int i = 0; i < this.columns.size(); i++) {
      columnIndexes.put(this.columns.get(i).getName(), i);
    }
    this.nextSequence = System.currentTimeMillis() * 1000;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "aurora-writer-" + table);
              thread.setDaemon(true);
              return thread;
            });
    long lingerMillis = Math.max(1, options.linger().toMillis());
    scheduler.scheduleWithFixedDelay(
        this::sealIfLingered, lingerMillis, lingerMillis, TimeUnit.MILLISECONDS);
  }

  /** A row to fill with {@link Row#set} and hand over with {@link Row#write()}. */
  public Row newRow() {
    return new Row();
  }

  /** Writes a row given as column names to values; columns not in the map are NULL. */
  public void write(Map<String, ?> row) {
    Row built = newRow();
    for (Map.Entry<String, ?> entry : row.entrySet()) {
      built.set(entry.getKey(), entry.getValue());
    }
    built.write();
  }

  /** The producer id the server uses to recognize this writer's retried batches. */
  public String producerId() {
    return options.producerId();
  }

  /** Rows the server has acknowledged (durable and visible), duplicates not counted. */
  public long rowsAcknowledged() {
    lock.lock();
    try {
      return rowsAcknowledged;
    } finally {
      lock.unlock();
    }
  }

  /** Batches the server recognized as already applied (retries after a lost acknowledgement). */
  public long duplicateBatches() {
    lock.lock();
    try {
      return duplicateBatches;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends the buffered rows and waits until every batch written so far is acknowledged.
   *
   * @throws AuroraClientException when a batch was rejected or the retries ran out
   */
  public void flush() {
    lock.lock();
    try {
      checkUsable();
      if (!buffer.isEmpty()) {
        seal();
      }
      while (!unacknowledged.isEmpty() && failure == null) {
        changed.awaitUninterruptibly();
      }
      checkFailure();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Flushes, ends the stream and stops the writer's thread; throws the writer's failure unless a
   * call before already threw it.
   */
  @Override
  public void close() {
    lock.lock();
    try {
      if (isClosed) {
        return;
      }
      try {
        if (failure == null) {
          flush();
        }
      } finally {
        isClosed = true;
        StreamObserver<IngestRequest> current = stream;
        stream = null;
        streamGeneration++;
        if (current != null) {
          current.onCompleted();
        }
        scheduler.shutdownNow();
      }
      if (!isFailureReported) {
        checkFailure();
      }
    } finally {
      lock.unlock();
    }
  }

  private void add(@Nullable Object[] values) {
    lock.lock();
    try {
      checkUsable();
      if (buffer.isEmpty()) {
        bufferStartNanos = System.nanoTime();
      }
      buffer.add(values);
      for (Object value : values) {
        bufferBytes += RowValues.estimatedBytes(value);
      }
      if (buffer.size() >= options.maxBatchRows() || bufferBytes >= options.maxBatchBytes()) {
        seal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Turns the buffer into a batch, waiting for room among the batches in flight. */
  private void seal() {
    List<@Nullable Object[]> rows = buffer;
    buffer = new ArrayList<>();
    bufferBytes = 0;
    while (unacknowledged.size() >= options.maxInFlightBatches() && failure == null) {
      changed.awaitUninterruptibly();
    }
    checkFailure();
    enqueue(rows);
  }

  /** Seals a buffer that has waited for the linger time, unless that would have to wait. */
  private void sealIfLingered() {
    lock.lock();
    try {
      if (!buffer.isEmpty()
          && failure == null
          && !isClosed
          && unacknowledged.size() < options.maxInFlightBatches()
          && System.nanoTime() - bufferStartNanos >= options.linger().toNanos()) {
        List<@Nullable Object[]> rows = buffer;
        buffer = new ArrayList<>();
        bufferBytes = 0;
        enqueue(rows);
      }
    } catch (RuntimeException e) {
      LOG.warn("Writer[{}] table[{}]: sealing failed: {}", producerId(), table, e.toString());
    } finally {
      lock.unlock();
    }
  }

  private void enqueue(List<@Nullable Object[]> rows) {
    byte[] ipc = RowValues.encode(schema, columns, rows, client.allocator());
    Batch batch = new Batch(++nextSequence, ByteString.copyFrom(ipc), rows.size());
    unacknowledged.addLast(batch);
    if (stream != null) {
      send(stream, batch);
    } else if (!isReconnectScheduled) {
      openStream();
    }
  }

  private void send(StreamObserver<IngestRequest> target, Batch batch) {
    target.onNext(
        IngestRequest.newBuilder()
            .setTable(table)
            .setProducerId(options.producerId())
            .setSequence(batch.sequence())
            .setArrowBatch(batch.ipc())
            .build());
  }

  /** Opens a stream on the client's current endpoint and sends every unacknowledged batch. */
  private void openStream() {
    long generation = ++streamGeneration;
    StreamObserver<IngestRequest> opened = client.asyncStub().ingest(new Responses(generation));
    stream = opened;
    for (Batch batch : unacknowledged) {
      send(opened, batch);
    }
  }

  private void reconnect() {
    lock.lock();
    try {
      isReconnectScheduled = false;
      if (!isClosed && failure == null && stream == null && !unacknowledged.isEmpty()) {
        openStream();
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkUsable() {
    if (isClosed) {
      throw new IllegalStateException("Writer for table[" + table + "] is closed");
    }
    checkFailure();
  }

  private void checkFailure() {
    if (failure != null) {
      isFailureReported = true;
      throw failure;
    }
  }

  /** Answers of one stream; answers of a stream that was replaced are ignored. */
  private final class Responses implements StreamObserver<IngestResponse> {
    private final long generation;

    Responses(long generation) {
      this.generation = generation;
    }

    @Override
    public void onNext(IngestResponse response) {
      lock.lock();
      try {
        if (generation != streamGeneration) {
          return;
        }
        failedAttempts = 0;
        while (!unacknowledged.isEmpty()
            && unacknowledged.peekFirst().sequence() <= response.getSequence()) {
          unacknowledged.removeFirst();
        }
        rowsAcknowledged += response.getRowsAccepted();
        if (response.getDuplicate()) {
          duplicateBatches++;
        }
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onError(Throwable error) {
      lock.lock();
      try {
        if (generation != streamGeneration) {
          return;
        }
        stream = null;
        streamGeneration++;
        AuroraClientException exception = AuroraClientException.from(error);
        long now = System.nanoTime();
        if (failedAttempts == 0) {
          firstFailureNanos = now;
        }
        failedAttempts++;
        boolean isRetryable =
            exception.statusCode() == Status.Code.UNAVAILABLE
                && now - firstFailureNanos < client.writerRetryTimeout().toNanos();
        if (!isRetryable || isClosed) {
          Batch rejected = unacknowledged.peekFirst();
          LOG.info(
              "Writer[{}] table[{}] failed at sequence[{}]: {}",
              producerId(),
              table,
              rejected == null ? "-" : rejected.sequence(),
              exception.getMessage());
          failure = exception;
          changed.signalAll();
          return;
        }
        client.failover(exception.getMessage());
        long delay = client.backoff(failedAttempts).toMillis();
        LOG.info(
            "Writer[{}] table[{}]: stream failed ({}); resending batches[{}] in {} ms",
            producerId(),
            table,
            exception.statusCode(),
            unacknowledged.size(),
            delay);
        isReconnectScheduled = true;
        scheduler.schedule(AuroraWriter.this::reconnect, delay, TimeUnit.MILLISECONDS);
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onCompleted() {
      lock.lock();
      try {
        if (generation == streamGeneration) {
          stream = null;
          streamGeneration++;
          if (!unacknowledged.isEmpty() && !isClosed) {
            openStream();
          }
        }
      } finally {
        lock.unlock();
      }
    }
  }

  /** A row under construction; not thread-safe, write it from the thread that built it. */
  public final class Row {
    private final @Nullable Object[] values = new Object[columns.size()];
    private final boolean[] isSet = new boolean[columns.size()];

    private Row() {}

    /**
     * Sets a column's value.
     *
     * @throws IllegalArgumentException for an unknown column or a value of the wrong type
     */
    public Row set(String column, @Nullable Object value) {
      Integer index = columnIndexes.get(column);
      if (index == null) {
        throw new IllegalArgumentException(
            "Column[" + column + "] does not exist in table[" + table + "]");
      }
      values[index] = RowValues.normalize(columns.get(index), value);
      isSet[index] = true;
      return this;
    }

    public Row set(String column, long value) {
      return set(column, (Object) value);
    }

    public Row set(String column, double value) {
      return set(column, (Object) value);
    }

    public Row set(String column, boolean value) {
      return set(column, (Object) value);
    }

    /**
     * Hands the row to the writer; it may wait for back-pressure.
     *
     * @throws IllegalArgumentException when a NOT NULL column was not set
     * @throws AuroraClientException when the writer has failed
     */
    public void write() {
      for (int i = 0; i < values.length; i++) {
        if (!isSet[i] && !columns.get(i).getNullable()) {
          throw new IllegalArgumentException(
              "Column[" + columns.get(i).getName() + "] is NOT NULL and was not set");
        }
      }
      add(values.clone());
    }
  }

  private record Batch(long sequence, ByteString ipc, int rows) {}
}
