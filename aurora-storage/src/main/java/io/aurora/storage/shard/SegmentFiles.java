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
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a shard keeps its segment files and how it finds them again: {@code
 * <shard>/partition-<start>/segment-<id>.aseg}, where {@code start} is the partition's first
 * microsecond ({@code all} for an unpartitioned table), with {@code segment-<id>.del} beside a
 * segment that DELETE removed rows from. Loading deletes temporary files left by an interrupted
 * write, segments that a compacted segment replaced, and deleted-row files without their segment,
 * so a crash at any point of a seal, compaction or delete leaves every row exactly once.
 */
final class SegmentFiles {
  private static final Logger log = LoggerFactory.getLogger(SegmentFiles.class);
  private static final String PARTITION_PREFIX = "partition-";
  private static final String SEGMENT_PREFIX = "segment-";
  private static final String SEGMENT_SUFFIX = ".aseg";
  private static final String STAGED_PREFIX = "staged-";
  private static final String DELETED_SUFFIX = ".del";
  private static final byte[] DELETED_MAGIC = {'A', 'U', 'R', 'X'};
  private static final int DELETED_VERSION = 1;

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
        } else if (name.endsWith(DELETED_SUFFIX + ".tmp")) {
          Files.delete(file);
        } else if (name.startsWith(SEGMENT_PREFIX) && name.endsWith(SEGMENT_SUFFIX)) {
          long id =
              Long.parseLong(
                  name.substring(SEGMENT_PREFIX.length(), name.length() - SEGMENT_SUFFIX.length()));
          segments.add(
              new ImmutableSegment(
                  id, file, SegmentReader.open(file, cache), readDeleted(deletedFile(file))));
        }
      }
    }
    Set<Long> replaced = new HashSet<>();
    for (ImmutableSegment segment : segments) {
      replaced.addAll(segment.reader().footer().replacedSegmentIds());
    }
    List<ImmutableSegment> live = new ArrayList<>();
    Set<Path> liveDeleted = new HashSet<>();
    for (ImmutableSegment segment : segments) {
      if (replaced.contains(segment.id())) {
        log.info("Deleting segment file[{}]: a compacted segment replaced it", segment.file());
        delete(segment.file());
      } else {
        live.add(segment);
        liveDeleted.add(deletedFile(segment.file()));
      }
    }
    // Deleted-row files whose segment is gone (merged, dropped, or replaced above).
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + DELETED_SUFFIX)) {
      for (Path file : files) {
        if (!liveDeleted.contains(file)) {
          Files.delete(file);
        }
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

  /** The file holding the deleted rows of a segment: {@code segment-<id>.del} beside it. */
  static Path deletedFile(Path segmentFile) {
    String name = segmentFile.getFileName().toString();
    return segmentFile.resolveSibling(
        name.substring(0, name.length() - SEGMENT_SUFFIX.length()) + DELETED_SUFFIX);
  }

  /**
   * Durably replaces the deleted-row file of a segment (temporary name, fsync, atomic rename):
   * {@code magic:"AURX" version:u8 length:i32 bitmap:RoaringBitmap-portable crc:u32}, the CRC32C of
   * every byte before it. A crash leaves the old file or the new one, never a torn one.
   */
  static void writeDeleted(Path segmentFile, RoaringBitmap rows) {
    Path file = deletedFile(segmentFile);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    rows.runOptimize();
    int length = rows.serializedSizeInBytes();
    ByteBuffer out = ByteBuffer.allocate(DELETED_MAGIC.length + 1 + 4 + length + 4);
    out.put(DELETED_MAGIC).put((byte) DELETED_VERSION).putInt(length);
    rows.serialize(out);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.position());
    out.putInt((int) crc.getValue());
    try {
      try (FileChannel channel =
          FileChannel.open(
              temporary,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE)) {
        out.flip();
        while (out.hasRemaining()) {
          channel.write(out);
        }
        channel.force(true);
      }
      Files.move(
          temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        directory.force(true);
      }
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Writing deleted-row file[" + file + "] failed: " + e.getMessage(),
          e);
    }
  }

  /** The rows of a deleted-row file, or null when there is none. */
  static @Nullable RoaringBitmap readDeleted(Path file) throws IOException {
    if (!Files.exists(file)) {
      return null;
    }
    ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
    try {
      byte[] magic = new byte[DELETED_MAGIC.length];
      in.get(magic);
      int version = in.get() & 0xFF;
      if (!Arrays.equals(magic, DELETED_MAGIC) || version != DELETED_VERSION) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Deleted-row file[" + file + "] has an unknown format");
      }
      int length = in.getInt();
      if (length < 0 || length > in.remaining() - 4) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Deleted-row file[" + file + "] is truncated");
      }
      CRC32C crc = new CRC32C();
      crc.update(in.array(), 0, in.position() + length);
      RoaringBitmap rows = new RoaringBitmap();
      rows.deserialize(in.slice(in.position(), length));
      in.position(in.position() + length);
      if ((int) crc.getValue() != in.getInt()) {
        throw new AuroraException(
            ErrorCode.DATA_CORRUPTED, "Deleted-row file[" + file + "] fails its checksum");
      }
      return rows;
    } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new AuroraException(
          ErrorCode.DATA_CORRUPTED, "Deleted-row file[" + file + "] is truncated", e);
    }
  }

  /** Deletes a segment file and its deleted-row file, if any. */
  static void deleteSegment(Path file) {
    delete(file);
    delete(deletedFile(file));
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
