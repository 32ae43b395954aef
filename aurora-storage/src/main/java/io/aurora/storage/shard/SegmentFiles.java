package io.aurora.storage.shard;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.segment.SegmentReader;
import io.aurora.storage.segment.SegmentWriteOptions;
import io.aurora.storage.segment.SegmentWriter;
import io.aurora.storage.type.ColumnSchema;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a shard keeps its segment files and how it finds them again: {@code
 * <shard>/partition-<start>/segment-<id>.aseg}, where {@code start} is the partition's first
 * microsecond ({@code all} for an unpartitioned table). Loading deletes temporary files left by an
 * interrupted write and segments that a compacted segment replaced, so a crash at any point of a
 * seal or compaction leaves every row exactly once.
 */
final class SegmentFiles {
  private static final Logger log = LoggerFactory.getLogger(SegmentFiles.class);
  private static final String PARTITION_PREFIX = "partition-";
  private static final String SEGMENT_PREFIX = "segment-";
  private static final String SEGMENT_SUFFIX = ".aseg";
  private static final String STAGED_PREFIX = "staged-";

  private SegmentFiles() {}

  /**
   * The sealed segments found on disk, by partition start, the staged ones by write key and
   * partition start (see {@link Shard#stage}), and the next free segment id.
   */
  record Loaded(
      Map<Long, List<ImmutableSegment>> segments,
      Map<String, Map<Long, List<ImmutableSegment>>> staged,
      long nextSegmentId) {}

  /**
   * The directory of a staged write's segments: {@code <shard>/staged-<key>}, laid out like the
   * shard's own partitions. Segment ids come from the shard's one sequence, so a staged segment
   * keeps its id and file name when its write commits and it moves into the shard's partition.
   */
  static Path stagedDirectory(Path shardDirectory, String key) {
    return shardDirectory.resolve(STAGED_PREFIX + key);
  }

  static String partitionName(long start) {
    return PARTITION_PREFIX + (start == Long.MIN_VALUE ? "all" : Long.toString(start));
  }

  static Path segmentFile(Path shardDirectory, long partitionStart, long segmentId) {
    return shardDirectory
        .resolve(partitionName(partitionStart))
        .resolve(SEGMENT_PREFIX + segmentId + SEGMENT_SUFFIX);
  }

  static ImmutableSegment write(
      Path file,
      long segmentId,
      List<ColumnSchema> columns,
      List<Page> pages,
      List<String> sortKey,
      List<Long> replaced,
      SegmentWriteOptions options,
      BlockCache cache) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Creating directory[" + file.getParent() + "] failed: " + e.getMessage(),
          e);
    }
    SegmentWriter.write(file, segmentId, columns, pages, sortKey, replaced, options);
    return new ImmutableSegment(segmentId, file, SegmentReader.open(file, cache));
  }

  static Loaded load(Path shardDirectory, BlockCache cache) {
    Map<Long, List<ImmutableSegment>> segments = new TreeMap<>();
    Map<String, Map<Long, List<ImmutableSegment>>> staged = new TreeMap<>();
    long maxId = -1;
    try {
      Files.createDirectories(shardDirectory);
      try (DirectoryStream<Path> partitions =
          Files.newDirectoryStream(shardDirectory, PARTITION_PREFIX + "*")) {
        for (Path partitionDirectory : partitions) {
          long start = parsePartitionStart(partitionDirectory);
          List<ImmutableSegment> loaded = loadPartition(partitionDirectory, cache);
          for (ImmutableSegment segment : loaded) {
            maxId = Math.max(maxId, segment.id());
            for (long replaced : segment.reader().footer().replacedSegmentIds()) {
              maxId = Math.max(maxId, replaced);
            }
          }
          if (!loaded.isEmpty()) {
            segments.put(start, loaded);
          }
        }
      }
      try (DirectoryStream<Path> writes =
          Files.newDirectoryStream(shardDirectory, STAGED_PREFIX + "*")) {
        for (Path writeDirectory : writes) {
          String key = writeDirectory.getFileName().toString().substring(STAGED_PREFIX.length());
          Map<Long, List<ImmutableSegment>> byPartition = new TreeMap<>();
          try (DirectoryStream<Path> partitions =
              Files.newDirectoryStream(writeDirectory, PARTITION_PREFIX + "*")) {
            for (Path partitionDirectory : partitions) {
              List<ImmutableSegment> loaded = loadPartition(partitionDirectory, cache);
              for (ImmutableSegment segment : loaded) {
                maxId = Math.max(maxId, segment.id());
              }
              if (!loaded.isEmpty()) {
                byPartition.put(parsePartitionStart(partitionDirectory), loaded);
              }
            }
          }
          staged.put(key, byPartition);
        }
      }
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Reading shard directory[" + shardDirectory + "] failed: " + e.getMessage(),
          e);
    }
    return new Loaded(segments, staged, maxId + 1);
  }

  private static long parsePartitionStart(Path directory) {
    String suffix = directory.getFileName().toString().substring(PARTITION_PREFIX.length());
    if (suffix.equals("all")) {
      return Long.MIN_VALUE;
    }
    try {
      return Long.parseLong(suffix);
    } catch (NumberFormatException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED,
          "Partition directory[" + directory + "] has an unreadable name");
    }
  }

  private static List<ImmutableSegment> loadPartition(Path directory, BlockCache cache)
      throws IOException {
    List<ImmutableSegment> segments = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.endsWith(SEGMENT_SUFFIX + ".tmp")) {
          log.info("Deleting unfinished segment file[{}] left by an interrupted write", file);
          Files.delete(file);
        } else if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
          long id =
              Long.parseLong(
                  name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
          segments.add(new ImmutableSegment(id, file, SegmentReader.open(file, cache)));
        }
      }
    }
    Set<Long> replaced = new HashSet<>();
    for (ImmutableSegment segment : segments) {
      replaced.addAll(segment.reader().footer().replacedSegmentIds());
    }
    List<ImmutableSegment> live = new ArrayList<>();
    for (ImmutableSegment segment : segments) {
      if (replaced.contains(segment.id())) {
        log.info("Deleting segment file[{}]: a compacted segment replaced it", segment.file());
        delete(segment.file());
      } else {
        live.add(segment);
      }
    }
    live.sort(Comparator.comparingLong(ImmutableSegment::id));
    return live;
  }

  /** Moves a sealed segment file (a staged write's, at its commit) into place, durably named. */
  static void move(Path from, Path to) {
    try {
      Files.createDirectories(to.getParent());
      if (Files.exists(from)) {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR, "Moving segment file[" + from + "] to [" + to + "] failed", e);
    }
  }

  static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete segment file[{}]; it will be deleted at the next start", file, e);
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }
}
