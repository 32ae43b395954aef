package io.aurora.storage.type;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * How rows are split into time partitions by a table's time column. Partition boundaries are in
 * UTC. The stable ids are persisted with table definitions.
 */
public enum PartitionGranularity {
  NONE(0),
  HOUR(1),
  DAY(2),
  MONTH(3);

  private static final long MICROS_PER_HOUR = 3_600_000_000L;
  private static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

  private final int id;

  PartitionGranularity(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static PartitionGranularity fromId(int id) {
    for (PartitionGranularity granularity : values()) {
      if (granularity.id == id) {
        return granularity;
      }
    }
    throw new AuroraException(
        ErrorCode.DATA_CORRUPTED, "Unknown partition granularity id[" + id + "]");
  }

  /**
   * The start, in microseconds since the epoch, of the partition holding the given timestamp. For
   * {@link #NONE} every timestamp maps to {@code Long.MIN_VALUE}, the single partition.
   */
  public long partitionStart(long epochMicros) {
    return switch (this) {
      case NONE -> Long.MIN_VALUE;
      case HOUR -> Math.floorDiv(epochMicros, MICROS_PER_HOUR) * MICROS_PER_HOUR;
      case DAY -> Math.floorDiv(epochMicros, MICROS_PER_DAY) * MICROS_PER_DAY;
      case MONTH -> {
        long seconds = Math.floorDiv(epochMicros, 1_000_000L);
        ZonedDateTime time = Instant.ofEpochSecond(seconds).atZone(ZoneOffset.UTC);
        yield time.withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond()
            * 1_000_000L;
      }
    };
  }

  /**
   * The exclusive end of the partition that starts at {@code partitionStart}, in microseconds; for
   * {@link #NONE}, {@code Long.MAX_VALUE}.
   */
  public long partitionEnd(long partitionStart) {
    return switch (this) {
      case NONE -> Long.MAX_VALUE;
      case HOUR -> partitionStart + MICROS_PER_HOUR;
      case DAY -> partitionStart + MICROS_PER_DAY;
      case MONTH -> {
        ZonedDateTime start =
            Instant.ofEpochSecond(Math.floorDiv(partitionStart, 1_000_000L)).atZone(ZoneOffset.UTC);
        yield start.plusMonths(1).toEpochSecond() * 1_000_000L;
      }
    };
  }
}
