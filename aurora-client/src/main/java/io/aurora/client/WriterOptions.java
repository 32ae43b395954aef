package io.aurora.client;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.UUID;

/**
 * How an {@link AuroraWriter} batches and paces its rows.
 *
 * @param producerId identifies the writer to the server's duplicate detection; a fresh random id by
 *     default. Reusing an id across writers (for example after an application restart) is safe: a
 *     writer numbers its batches from the current time in microseconds, above any sequence a
 *     previous writer with that id used (unless the clock went back)
 * @param maxBatchRows a batch is sent once it has this many rows
 * @param maxBatchBytes ... or about this many bytes of values; keep it well below the server's
 *     {@code grpc.max-message-bytes}
 * @param linger ... or when its first row has waited this long
 * @param maxInFlightBatches batches sent and not yet acknowledged, at most; a write that would
 *     exceed it waits (back-pressure)
 */
public record WriterOptions(
    String producerId,
    int maxBatchRows,
    long maxBatchBytes,
    Duration linger,
    int maxInFlightBatches) {
  public WriterOptions {
    requireNonNull(producerId, "producerId is null");
    requireNonNull(linger, "linger is null");
    if (producerId.isEmpty()) {
      throw new IllegalArgumentException("producerId is empty");
    }
    if (maxBatchRows < 1 || maxBatchBytes < 1 || maxInFlightBatches < 1 || linger.isNegative()) {
      throw new IllegalArgumentException("Writer limits must be positive");
    }
  }

  /** 10,000 rows or 4 MiB per batch, 200 ms linger, 4 batches in flight, a random producer id. */
  public static WriterOptions defaults() {
    return new WriterOptions(
        UUID.randomUUID().toString(), 10_000, 4L << 20, Duration.ofMillis(200), 4);
  }

  public WriterOptions withProducerId(String producerId) {
    return new WriterOptions(producerId, maxBatchRows, maxBatchBytes, linger, maxInFlightBatches);
  }

  public WriterOptions withMaxBatchRows(int maxBatchRows) {
    return new WriterOptions(producerId, maxBatchRows, maxBatchBytes, linger, maxInFlightBatches);
  }

  public WriterOptions withMaxBatchBytes(long maxBatchBytes) {
    return new WriterOptions(producerId, maxBatchRows, maxBatchBytes, linger, maxInFlightBatches);
  }

  public WriterOptions withLinger(Duration linger) {
    return new WriterOptions(producerId, maxBatchRows, maxBatchBytes, linger, maxInFlightBatches);
  }

  public WriterOptions withMaxInFlightBatches(int maxInFlightBatches) {
    return new WriterOptions(producerId, maxBatchRows, maxBatchBytes, linger, maxInFlightBatches);
  }
}
