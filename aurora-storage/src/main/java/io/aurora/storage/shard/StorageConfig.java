package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.compression.Codec;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.segment.SegmentWriteOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The storage settings of a node. Each has a property name, a default and a reason to change it:
 *
 * <ul>
 *   <li>{@code storage.segment.max-rows} (1,000,000): a mutable segment is sealed into a file at
 *       this many rows. Larger segments compress and skip better; smaller ones bound the memory
 *       held by unsealed rows and the work of each seal.
 *   <li>{@code storage.segment.max-bytes} (268435456, 256 MiB): the same bound in heap bytes, for
 *       wide rows.
 *   <li>{@code storage.segment.max-age} (PT10M): a mutable segment older than this is sealed even
 *       when small, so that memory and restart replay stay bounded on quiet tables.
 *   <li>{@code storage.segment.block-rows} (65536): rows per column block; see {@link
 *       SegmentWriteOptions}.
 *   <li>{@code storage.segment.codec} (LZ4): LZ4 decodes fastest; ZSTD makes files about a third
 *       smaller for more CPU on write and read; NONE for data that does not compress.
 *   <li>{@code storage.compaction.target-rows} (4,000,000): compaction merges segments smaller than
 *       half of this into segments of up to this many rows. Fewer, larger segments mean less
 *       per-segment work per query; merging costs write bandwidth.
 *   <li>{@code storage.compaction.min-segments} (4): compaction waits until a partition has this
 *       many small segments, so it does not rewrite the same rows again and again.
 *   <li>{@code storage.maintenance.interval} (PT1S): how often the background task checks segment
 *       ages and looks for compaction work.
 *   <li>{@code storage.scan.blocks-per-split} (4): blocks of a segment read by one scan split; the
 *       unit of parallelism of a scan.
 *   <li>{@code storage.cache.block-bytes} (a quarter of the maximum heap): decoded blocks kept in
 *       memory so that repeated scans skip decompression and decoding. Larger keeps more hot data
 *       decoded; 0 turns the cache off and leaves the memory to queries and ingestion.
 * </ul>
 */
public record StorageConfig(
    long segmentMaxRows,
    long segmentMaxBytes,
    Duration segmentMaxAge,
    SegmentWriteOptions writeOptions,
    long compactionTargetRows,
    int compactionMinSegments,
    Duration maintenanceInterval,
    int blocksPerSplit,
    long blockCacheBytes) {

  public static final StorageConfig DEFAULT =
      new StorageConfig(
          1_000_000,
          256L << 20,
          Duration.ofMinutes(10),
          SegmentWriteOptions.DEFAULT,
          4_000_000,
          4,
          Duration.ofSeconds(1),
          4,
          Runtime.getRuntime().maxMemory() / 4);

  private static final Set<String> PROPERTIES =
      Set.of(
          "storage.segment.max-rows",
          "storage.segment.max-bytes",
          "storage.segment.max-age",
          "storage.segment.block-rows",
          "storage.segment.codec",
          "storage.compaction.target-rows",
          "storage.compaction.min-segments",
          "storage.maintenance.interval",
          "storage.scan.blocks-per-split",
          "storage.cache.block-bytes");

  public StorageConfig {
    requireNonNull(segmentMaxAge, "segmentMaxAge is null");
    requireNonNull(writeOptions, "writeOptions is null");
    requireNonNull(maintenanceInterval, "maintenanceInterval is null");
    check(segmentMaxRows >= 1, "storage.segment.max-rows", segmentMaxRows, "at least 1");
    check(
        segmentMaxRows < Integer.MAX_VALUE,
        "storage.segment.max-rows",
        segmentMaxRows,
        "below 2^31");
    check(segmentMaxBytes >= 1, "storage.segment.max-bytes", segmentMaxBytes, "at least 1");
    check(
        !segmentMaxAge.isNegative() && !segmentMaxAge.isZero(),
        "storage.segment.max-age",
        segmentMaxAge,
        "positive");
    check(
        compactionTargetRows >= 1,
        "storage.compaction.target-rows",
        compactionTargetRows,
        "at least 1");
    check(
        compactionTargetRows < Integer.MAX_VALUE,
        "storage.compaction.target-rows",
        compactionTargetRows,
        "below 2^31");
    check(
        compactionMinSegments >= 2,
        "storage.compaction.min-segments",
        compactionMinSegments,
        "at least 2");
    check(
        !maintenanceInterval.isNegative() && !maintenanceInterval.isZero(),
        "storage.maintenance.interval",
        maintenanceInterval,
        "positive");
    check(blocksPerSplit >= 1, "storage.scan.blocks-per-split", blocksPerSplit, "at least 1");
    check(blockCacheBytes >= 0, "storage.cache.block-bytes", blockCacheBytes, "zero or more");
  }

  private static void check(boolean condition, String property, Object value, String requirement) {
    if (!condition) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + property + "] is [" + value + "] but must be " + requirement);
    }
  }

  /**
   * The defaults overridden by the given properties; an unknown {@code storage.*} name or a value
   * that does not parse is an error, so a typo never goes unnoticed.
   */
  public static StorageConfig fromProperties(Map<String, String> properties) {
    Map<String, String> values = new HashMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      if (entry.getKey().startsWith("storage.")) {
        if (!PROPERTIES.contains(entry.getKey())) {
          throw new AuroraException(
              ErrorCode.INVALID_PARAMETER_VALUE, "Setting[" + entry.getKey() + "] is unknown");
        }
        values.put(entry.getKey(), entry.getValue().trim());
      }
    }
    StorageConfig defaults = DEFAULT;
    SegmentWriteOptions writeOptions = defaults.writeOptions();
    if (values.containsKey("storage.segment.block-rows")) {
      writeOptions =
          writeOptions.withBlockRowCount(
              (int) parseLong(values, "storage.segment.block-rows", writeOptions.blockRowCount()));
    }
    if (values.containsKey("storage.segment.codec")) {
      String codec = values.get("storage.segment.codec").toUpperCase(Locale.ROOT);
      try {
        writeOptions = writeOptions.withCodec(Codec.valueOf(codec));
      } catch (IllegalArgumentException e) {
        throw new AuroraException(
            ErrorCode.INVALID_PARAMETER_VALUE,
            "Setting[storage.segment.codec] is [" + codec + "] but must be NONE, LZ4 or ZSTD");
      }
    }
    return new StorageConfig(
        parseLong(values, "storage.segment.max-rows", defaults.segmentMaxRows()),
        parseLong(values, "storage.segment.max-bytes", defaults.segmentMaxBytes()),
        parseDuration(values, "storage.segment.max-age", defaults.segmentMaxAge()),
        writeOptions,
        parseLong(values, "storage.compaction.target-rows", defaults.compactionTargetRows()),
        (int)
            parseLong(values, "storage.compaction.min-segments", defaults.compactionMinSegments()),
        parseDuration(values, "storage.maintenance.interval", defaults.maintenanceInterval()),
        (int) parseLong(values, "storage.scan.blocks-per-split", defaults.blocksPerSplit()),
        parseLong(values, "storage.cache.block-bytes", defaults.blockCacheBytes()));
  }

  private static long parseLong(Map<String, String> values, String name, long defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + name + "] is [" + value + "], not a whole number");
    }
  }

  private static Duration parseDuration(
      Map<String, String> values, String name, Duration defaultValue) {
    String value = values.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Duration.parse(value);
    } catch (RuntimeException e) {
      throw new AuroraException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "Setting[" + name + "] is [" + value + "], not an ISO-8601 duration such as PT10M");
    }
  }

  public StorageConfig withSegmentMaxRows(long rows) {
    return new StorageConfig(
        rows,
        segmentMaxBytes,
        segmentMaxAge,
        writeOptions,
        compactionTargetRows,
        compactionMinSegments,
        maintenanceInterval,
        blocksPerSplit,
        blockCacheBytes);
  }

  public StorageConfig withWriteOptions(SegmentWriteOptions options) {
    return new StorageConfig(
        segmentMaxRows,
        segmentMaxBytes,
        segmentMaxAge,
        options,
        compactionTargetRows,
        compactionMinSegments,
        maintenanceInterval,
        blocksPerSplit,
        blockCacheBytes);
  }

  public StorageConfig withCompaction(long targetRows, int minSegments) {
    return new StorageConfig(
        segmentMaxRows,
        segmentMaxBytes,
        segmentMaxAge,
        writeOptions,
        targetRows,
        minSegments,
        maintenanceInterval,
        blocksPerSplit,
        blockCacheBytes);
  }

  public StorageConfig withSegmentMaxAge(Duration age) {
    return new StorageConfig(
        segmentMaxRows,
        segmentMaxBytes,
        age,
        writeOptions,
        compactionTargetRows,
        compactionMinSegments,
        maintenanceInterval,
        blocksPerSplit,
        blockCacheBytes);
  }

  public StorageConfig withBlockCacheBytes(long bytes) {
    return new StorageConfig(
        segmentMaxRows,
        segmentMaxBytes,
        segmentMaxAge,
        writeOptions,
        compactionTargetRows,
        compactionMinSegments,
        maintenanceInterval,
        blocksPerSplit,
        bytes);
  }

  public StorageConfig withMaintenanceInterval(Duration interval) {
    return new StorageConfig(
        segmentMaxRows,
        segmentMaxBytes,
        segmentMaxAge,
        writeOptions,
        compactionTargetRows,
        compactionMinSegments,
        interval,
        blocksPerSplit,
        blockCacheBytes);
  }
}
