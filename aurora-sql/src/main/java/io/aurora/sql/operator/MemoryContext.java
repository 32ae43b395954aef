package io.aurora.sql.operator;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accounts the memory one query holds in hash tables, sort buffers and other state that grows with
 * its input, against a limit. Operators reserve before they grow and free when they release;
 * exceeding the limit fails the query with SQLSTATE 53200 and leaves the process healthy.
 * Thread-safe: the drivers of one query share it.
 */
public final class MemoryContext {
  private final long limitBytes;
  private final AtomicLong reservedBytes = new AtomicLong();
  private final AtomicLong peakBytes = new AtomicLong();

  public MemoryContext(long limitBytes) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("limitBytes must be positive: " + limitBytes);
    }
    this.limitBytes = limitBytes;
  }

  /** A context without a practical limit, for tests and tools. */
  public static MemoryContext unlimited() {
    return new MemoryContext(Long.MAX_VALUE);
  }

  /** Reserves {@code bytes} more, or fails the query if that passes the limit. */
  public void reserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("bytes is negative: " + bytes);
    }
    long reserved = reservedBytes.addAndGet(bytes);
    if (reserved > limitBytes) {
      reservedBytes.addAndGet(-bytes);
      throw new AuroraException(
          ErrorCode.OUT_OF_MEMORY,
          "Query exceeded its memory limit of "
              + limitBytes
              + " bytes (it needed "
              + reserved
              + "); raise the setting query.max-memory or make the query more selective");
    }
    peakBytes.accumulateAndGet(reserved, Math::max);
  }

  public void free(long bytes) {
    reservedBytes.addAndGet(-bytes);
  }

  public long reservedBytes() {
    return reservedBytes.get();
  }

  public long peakBytes() {
    return peakBytes.get();
  }

  public long limitBytes() {
    return limitBytes;
  }
}
