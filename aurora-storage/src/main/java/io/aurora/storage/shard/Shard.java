package io.aurora.storage.shard;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.LongBlock;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.BlockStatistics;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.predicate.PredicateEvaluator;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.SegmentScanner;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.segment.BlockMetadata;
import io.aurora.storage.segment.ColumnMetadata;
import io.aurora.storage.segment.Region;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.roaringbitmap.RoaringBitmap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard of a table on this node: its rows, split into time partitions, each holding a mutable
 * segment being appended to and any number of sealed segment files.
 *
 * <p>Threading: {@link #append} may be called from any thread (appends are serialized by a lock
 * that readers never take). {@link #scan} is lock-free: it reads the last published {@link
 * ShardState}. Sealing runs on the shard's maintenance thread and compaction on its own compaction
 * thread, so that a seal (which the caller may be waiting for: a Raft snapshot blocks the group's
 * writes until its seal is done) never waits behind a merge of millions of rows. A seal moves the
 * mutable segment aside (still visible) before writing it and swaps the written file in atomically;
 * compaction picks its inputs among the sealed segments and swaps the merged segment for exactly
 * those inputs in one step, so segments sealed meanwhile stay, and a scan sees either the old or
 * the new set, never both and never neither.
 *
 * <p>Durability: sealed segments are on disk; rows in mutable segments live only in memory, and the
 * caller's write-ahead log (the Raft log) is what brings them back after a restart.
 */
public final class Shard implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Shard.class);
  private static final int MAX_COMPACTION_ROUNDS = 64;

  private final Path directory;
  private final TableSchema schema;
  private final StorageConfig config;
  private final BlockCache cache;
  private final StorageWork work;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final TreeMap<Long, PartitionWriter> partitions = new TreeMap<>();
  private final ScheduledExecutorService maintenance;
  private final ScheduledExecutorService compactor;
  private volatile List<ColumnSchema> columns;
  private volatile ShardState state = new ShardState(List.of());
  // Writes staged under a key (see stage), invisible until committed; guarded by writeLock.
  private final Map<String, StagedWrite> staged = new TreeMap<>();
  private long nextSegmentId;
  // Compaction merges only segments below this id: those a durable Raft snapshot covers (see
  // limitCompactionTo). A standalone shard merges all.
  private volatile long compactableBelow = Long.MAX_VALUE;
  // The ids of the segments compaction is merging now, and whether a DELETE changed one of them
  // meanwhile (the merge then discards its output); guarded by writeLock.
  private final Set<Long> merging = new HashSet<>();
  private volatile boolean isMergeStale;
  private boolean isClosed;

  private Shard(
      Path directory,
      TableSchema schema,
      StorageConfig config,
      BlockCache cache,
      StorageWork work,
      SegmentFiles.Loaded loaded) {
    this.work = work;
    this.directory = directory;
    this.schema = schema;
    this.config = config;
    this.cache = cache;
    this.columns = schema.columns();
    adopt(loaded);
    this.maintenance = daemonExecutor("aurora-maintenance-" + directory.getFileName());
    this.compactor = daemonExecutor("aurora-compaction-" + directory.getFileName());
    long intervalMillis = config.maintenanceInterval().toMillis();
    maintenance.scheduleWithFixedDelay(
        this::runMaintenance, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    compactor.scheduleWithFixedDelay(
        this::runCompaction, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
  }

  private static ScheduledExecutorService daemonExecutor(String threadName) {
    return Executors.newSingleThreadScheduledExecutor(
        runnable -> {
          Thread thread = new Thread(runnable, threadName);
          thread.setDaemon(true);
          return thread;
        });
  }

  /**
   * Opens the shard stored under {@code directory} (created if missing), loading its sealed
   * segments; a corrupt segment file fails the open with an error naming it.
   */
  public static Shard open(Path directory, TableSchema schema, StorageConfig config) {
    return open(directory, schema, config, BlockCache.DISABLED);
  }

  /**
   * Opens the shard as {@link #open(Path, TableSchema, StorageConfig)} does, keeping decoded blocks
   * of its segments in {@code cache}, which the shards of a node share.
   */
  public static Shard open(
      Path directory, TableSchema schema, StorageConfig config, BlockCache cache) {
    return open(directory, schema, config, cache, new StorageWork());
  }

  /**
   * Opens the shard as {@link #open(Path, TableSchema, StorageConfig, BlockCache)} does, counting
   * the segments it seals and compacts in {@code work}, which the shards of a node share.
   */
  public static Shard open(
      Path directory,
      TableSchema schema,
      StorageConfig config,
      BlockCache cache,
      StorageWork work) {
    requireNonNull(directory, "directory is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(config, "config is null");
    requireNonNull(cache, "cache is null");
    requireNonNull(work, "work is null");
    try {
      // Left by a replaceFiles that a crash interrupted after the copy had moved in.
      Directories.deleteRecursively(replacedDirectory(directory));
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Deleting the replaced files of shard[" + directory + "] failed: " + e.getMessage(),
          e);
    }
    return new Shard(directory, schema, config, cache, work, SegmentFiles.load(directory, cache));
  }

  /** Where {@link #replaceFiles} moves the files it replaces before it deletes them. */
  private static Path replacedDirectory(Path directory) {
    return directory.resolveSibling(directory.getFileName() + ".old");
  }

  /** The directory of this shard's segment files. */
  public Path directory() {
    return directory;
  }

  /** Where this shard counts its background work. */
  public StorageWork work() {
    return work;
  }

  /** The table's columns now, including any added since the shard was opened. */
  public List<ColumnSchema> columns() {
    return columns;
  }

  /**
   * Appends the rows of {@code page} (whose channels are {@link #columns()}, in order), routing
   * each to the partition of its time value. The rows are visible to scans that start after this
   * returns. Fails without appending anything when a block has the wrong type or a NOT NULL column
   * holds a null.
   */
  public void append(Page page) {
    requireNonNull(page, "page is null");
    List<Long> due = new ArrayList<>();
    writeLock.lock();
    try {
      checkOpen();
      List<ColumnSchema> current = columns;
      PageValidator.validate(page, current, schema.timeColumnIndex());
      Page rows = page.compact();
      if (rows.positionCount() == 0) {
        return;
      }
      route(rows, (start, part) -> appendTo(partition(start), part, due));
      publish();
    } finally {
      writeLock.unlock();
    }
    for (long start : due) {
      maintenance.execute(() -> seal(start, false));
    }
  }

  /** Where {@link #route} sends the rows of one partition. */
  private interface PartitionSink {
    void accept(long partitionStart, Page rows);
  }

  /** Splits rows by the partition of their time value (one partition when unpartitioned). */
  private void route(Page rows, PartitionSink sink) {
    if (schema.granularity() == PartitionGranularity.NONE) {
      sink.accept(Long.MIN_VALUE, rows);
      return;
    }
    long[] times = ((LongBlock) rows.block(schema.timeColumnIndex())).values();
    PartitionGranularity granularity = schema.granularity();
    int count = rows.positionCount();
    long[] starts = new long[count];
    long start = granularity.partitionStart(times[0]);
    long end = granularity.partitionEnd(start);
    boolean isSinglePartition = true;
    for (int position = 0; position < count; position++) {
      long time = times[position];
      if (time < start || time >= end) {
        start = granularity.partitionStart(time);
        end = granularity.partitionEnd(start);
        isSinglePartition = false;
      }
      starts[position] = start;
    }
    if (isSinglePartition) {
      sink.accept(start, rows);
      return;
    }
    long[] sorted = starts.clone();
    Arrays.sort(sorted);
    int distinctCount = 0;
    for (long value : sorted) {
      if (distinctCount == 0 || sorted[distinctCount - 1] != value) {
        sorted[distinctCount++] = value;
      }
    }
    long[] distinct = Arrays.copyOf(sorted, distinctCount);
    int[] bucketOf = new int[count];
    int[] bucketEnds = new int[distinct.length + 1];
    for (int position = 0; position < count; position++) {
      int bucket = Arrays.binarySearch(distinct, starts[position]);
      bucketOf[position] = bucket;
      bucketEnds[bucket + 1]++;
    }
    for (int bucket = 0; bucket < distinct.length; bucket++) {
      bucketEnds[bucket + 1] += bucketEnds[bucket];
    }
    int[] positions = new int[count];
    int[] fill = Arrays.copyOf(bucketEnds, distinct.length);
    for (int position = 0; position < count; position++) {
      positions[fill[bucketOf[position]]++] = position;
    }
    for (int bucket = 0; bucket < distinct.length; bucket++) {
      int from = bucketEnds[bucket];
      int length = bucketEnds[bucket + 1] - from;
      Block[] blocks = new Block[rows.channelCount()];
      for (int channel = 0; channel < blocks.length; channel++) {
        blocks[channel] = rows.block(channel).copyPositions(positions, from, length);
      }
      sink.accept(distinct[bucket], new Page(length, blocks));
    }
  }

  private void appendTo(PartitionWriter partition, Page rows, List<Long> due) {
    partition.mutable.append(rows);
    MutableSegment.Snapshot snapshot = partition.mutable.snapshot();
    if (!partition.isSealPending
        && (snapshot.rowCount() >= config.segmentMaxRows()
            || snapshot.retainedBytes() >= config.segmentMaxBytes())) {
      partition.isSealPending = true;
      due.add(partition.start);
    }
  }

  /**
   * Stages the rows of {@code page} under {@code key}: they are validated as {@link #append} does
   * and kept, invisible to scans, until {@link #commitStaged} makes all of the key's rows visible
   * in one step or {@link #abortStaged} drops them. Staged rows live in memory until {@link
   * #sealAll} writes them to segment files under {@code staged-<key>/} (with ids from the shard's
   * sequence); a reopened shard finds those files again ({@link #stagedKeys}). The caller's log
   * replays what was staged after its last seal, as for appended rows. A key is a file-name-safe
   * string, such as a UUID.
   */
  public void stage(String key, Page page) {
    requireNonNull(key, "key is null");
    requireNonNull(page, "page is null");
    writeLock.lock();
    try {
      checkOpen();
      PageValidator.validate(page, columns, schema.timeColumnIndex());
      Page rows = page.compact();
      StagedWrite write = staged.computeIfAbsent(key, k -> new StagedWrite());
      if (rows.positionCount() == 0) {
        return;
      }
      route(
          rows,
          (start, part) -> write.pages.computeIfAbsent(start, s -> new ArrayList<>()).add(part));
      write.rows += rows.positionCount();
    } finally {
      writeLock.unlock();
    }
  }

  /** The keys with staged rows (or an empty staged write), in key order. */
  public List<String> stagedKeys() {
    writeLock.lock();
    try {
      return new ArrayList<>(staged.keySet());
    } finally {
      writeLock.unlock();
    }
  }

  /** Rows staged under {@code key}, or -1 when nothing is staged under it. */
  public long stagedRows(String key) {
    writeLock.lock();
    try {
      StagedWrite write = staged.get(key);
      return write == null ? -1 : write.rows;
    } finally {
      writeLock.unlock();
    }
  }

  /** The ids of the staged segment files of {@code key} (empty when none or unknown). */
  public List<Long> stagedSegmentIds(String key) {
    writeLock.lock();
    try {
      StagedWrite write = staged.get(key);
      List<Long> ids = new ArrayList<>();
      if (write != null) {
        for (List<ImmutableSegment> segments : write.segments.values()) {
          for (ImmutableSegment segment : segments) {
            ids.add(segment.id());
          }
        }
      }
      return ids;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Makes every row staged under {@code key} visible in one step: its sealed files move into the
   * shard's partitions (a rename each; ids are the shard's own) and its rows still in memory join
   * the partitions' mutable segments; then one new state is published, so a scan sees all of the
   * key's rows or none. Rows staged before columns were added read them as NULL. Returns the rows
   * made visible (0 for an unknown key).
   *
   * <p>A crash part-way leaves some files moved: they are visible after the restart, and the rest
   * are still staged, so the caller's replay of its commit (whose log entry is committed) moves the
   * rest and nothing is counted twice.
   */
  public long commitStaged(String key) {
    List<Long> due = new ArrayList<>();
    long rows;
    writeLock.lock();
    try {
      checkOpen();
      StagedWrite write = staged.remove(key);
      if (write == null) {
        return 0;
      }
      rows = write.rows;
      for (Map.Entry<Long, List<ImmutableSegment>> entry : write.segments.entrySet()) {
        PartitionWriter partition = partition(entry.getKey());
        for (ImmutableSegment segment : entry.getValue()) {
          Path target = SegmentFiles.segmentFile(directory, entry.getKey(), segment.id());
          SegmentFiles.move(segment.file(), target);
          partition.immutables.add(new ImmutableSegment(segment.id(), target, segment.reader()));
        }
      }
      for (Map.Entry<Long, List<Page>> entry : write.pages.entrySet()) {
        PartitionWriter partition = partition(entry.getKey());
        for (Page page : entry.getValue()) {
          appendTo(partition, padToColumns(page), due);
        }
      }
      publish();
    } finally {
      writeLock.unlock();
    }
    deleteStagedDirectory(key);
    for (long start : due) {
      maintenance.execute(() -> seal(start, false));
    }
    return rows;
  }

  /** Drops the rows staged under {@code key} and their files; returns how many there were. */
  public long abortStaged(String key) {
    StagedWrite write;
    writeLock.lock();
    try {
      write = staged.remove(key);
    } finally {
      writeLock.unlock();
    }
    if (write == null) {
      return 0;
    }
    for (List<ImmutableSegment> segments : write.segments.values()) {
      for (ImmutableSegment segment : segments) {
        segment.reader().evictCachedBlocks();
      }
    }
    deleteStagedDirectory(key);
    return write.rows;
  }

  /**
   * Keeps, after a restart, exactly the staged segment files that the caller's last durable state
   * (its snapshot) knows of: files of keys it does not list, and files it does not list for a key,
   * were sealed by a snapshot that did not complete, and the caller's log replays their rows.
   */
  public void retainStaged(Map<String, ? extends Collection<Long>> known) {
    List<String> dropped = new ArrayList<>();
    writeLock.lock();
    try {
      for (Map.Entry<String, StagedWrite> entry : staged.entrySet()) {
        Collection<Long> ids = known.get(entry.getKey());
        if (ids == null) {
          dropped.add(entry.getKey());
          continue;
        }
        for (List<ImmutableSegment> segments : entry.getValue().segments.values()) {
          for (Iterator<ImmutableSegment> it = segments.iterator(); it.hasNext(); ) {
            ImmutableSegment segment = it.next();
            if (!ids.contains(segment.id())) {
              it.remove();
              entry.getValue().rows -= segment.rowCount();
              SegmentFiles.delete(segment.file());
            }
          }
        }
      }
      for (String key : dropped) {
        staged.remove(key);
      }
    } finally {
      writeLock.unlock();
    }
    for (String key : dropped) {
      log.info(
          "Dropping staged write[{}] of shard[{}]: its snapshot does not know it", key, directory);
      deleteStagedDirectory(key);
    }
  }

  /** Writes the staged rows still in memory to files; the caller holds the write lock. */
  private void sealStaged() {
    for (Map.Entry<String, StagedWrite> entry : staged.entrySet()) {
      StagedWrite write = entry.getValue();
      for (Map.Entry<Long, List<Page>> partition : write.pages.entrySet()) {
        long segmentId = nextSegmentId++;
        Path file =
            SegmentFiles.segmentFile(
                SegmentFiles.stagedDirectory(directory, entry.getKey()),
                partition.getKey(),
                segmentId);
        int channels = 0;
        for (Page page : partition.getValue()) {
          channels = Math.max(channels, page.channelCount());
        }
        List<ColumnSchema> pageColumns = columns.subList(0, channels);
        List<Page> pages = new ArrayList<>();
        for (Page page : partition.getValue()) {
          pages.add(page.channelCount() == pageColumns.size() ? page : padTo(page, pageColumns));
        }
        ImmutableSegment segment =
            SegmentFiles.write(
                file,
                segmentId,
                pageColumns,
                pages,
                schema.sortKey(),
                List.of(),
                config.writeOptions(),
                cache);
        write.segments.computeIfAbsent(partition.getKey(), s -> new ArrayList<>()).add(segment);
      }
      write.pages.clear();
    }
  }

  private void deleteStagedDirectory(String key) {
    try {
      Directories.deleteRecursively(SegmentFiles.stagedDirectory(directory, key));
    } catch (IOException e) {
      log.warn("Could not delete staged write[{}] of shard[{}]: {}", key, directory, e.toString());
    }
  }

  /**
   * {@code page} with NULL blocks for the columns the shard gained after the page was written (a
   * page with all of the shard's columns is returned as it is).
   */
  public Page padToColumns(Page page) {
    return padTo(page, columns);
  }

  private static Page padTo(Page page, List<ColumnSchema> target) {
    if (page.channelCount() >= target.size()) {
      return page;
    }
    Block[] blocks = new Block[target.size()];
    for (int channel = 0; channel < blocks.length; channel++) {
      if (channel < page.channelCount()) {
        blocks[channel] = page.block(channel);
      } else {
        BlockBuilder nulls = BlockBuilder.forType(target.get(channel).type(), page.positionCount());
        for (int position = 0; position < page.positionCount(); position++) {
          nulls.appendNull();
        }
        blocks[channel] = nulls.build();
      }
    }
    return new Page(page.positionCount(), blocks);
  }

  /**
   * Adds a column at the end of the table. Rows written before read it as NULL: no segment is
   * rewritten.
   */
  public void addColumn(ColumnSchema column) {
    requireNonNull(column, "column is null");
    writeLock.lock();
    try {
      checkOpen();
      List<ColumnSchema> current = columns;
      for (ColumnSchema existing : current) {
        if (existing.name().equals(column.name())) {
          throw new AuroraException(
              ErrorCode.DUPLICATE_COLUMN, "Column[" + column.name() + "] already exists");
        }
      }
      if (!column.nullable()) {
        throw new AuroraException(
            ErrorCode.NOT_NULL_VIOLATION,
            "Column["
                + column.name()
                + "] cannot be added as NOT NULL: existing rows have no value");
      }
      List<ColumnSchema> updated = new ArrayList<>(current);
      updated.add(column);
      columns = List.copyOf(updated);
      for (PartitionWriter partition : partitions.values()) {
        if (partition.mutable.snapshot().rowCount() > 0) {
          partition.sealing.add(partition.mutable.snapshot());
          partition.mutable = new MutableSegment(columns, System.nanoTime());
          long start = partition.start;
          maintenance.execute(() -> sealSnapshots(start));
        } else {
          partition.mutable = new MutableSegment(columns, System.nanoTime());
        }
      }
      publish();
    } finally {
      writeLock.unlock();
    }
  }

  /** Plans a scan over the rows visible now; see {@link TableScan}. */
  public TableScan scan(ScanRequest request) {
    return scan(request, new ScanStatistics());
  }

  /**
   * Plans a scan that adds to the given statistics, so that the scans of a table's shards report
   * one total.
   */
  public TableScan scan(ScanRequest request, ScanStatistics statistics) {
    return scan(view(), request, statistics);
  }

  /**
   * The rows visible now, captured in a constant time, to be scanned later by {@link #scan(View,
   * ScanRequest, ScanStatistics)}: a reader that captures several shards' views under its own lock
   * sees all of them at one moment.
   */
  public View view() {
    return new View(state, columns);
  }

  /** A captured state of the shard (see {@link #view()}); immutable. */
  public static final class View {
    private final ShardState state;
    private final List<ColumnSchema> columns;

    private View(ShardState state, List<ColumnSchema> columns) {
      this.state = state;
      this.columns = columns;
    }
  }

  /** Plans a scan of the rows of a captured {@link View}, adding to the given statistics. */
  public TableScan scan(View view, ScanRequest request, ScanStatistics statistics) {
    ShardState snapshot = view.state;
    ScanContext context = new ScanContext(view.columns, request, statistics);
    List<ScanSplit> splits = new ArrayList<>();
    int skipped = 0;
    for (ShardState.PartitionState partition : snapshot.partitions()) {
      if (!partitionMayMatch(partition, context)) {
        skipped++;
        continue;
      }
      for (ImmutableSegment segment : partition.immutables()) {
        splits.addAll(
            SegmentScanner.splits(
                segment.reader(), context, config.blocksPerSplit(), segment.deleted()));
      }
      for (MutableSegment.Snapshot mutable : partition.mutables()) {
        if (mutable.rowCount() > 0) {
          splits.add(mutable.split(context));
        }
      }
    }
    statistics.addPartitions(snapshot.partitions().size(), skipped);
    return new TableScan(splits, statistics);
  }

  private boolean partitionMayMatch(ShardState.PartitionState partition, ScanContext context) {
    return partitionMayMatch(partition.start(), partition.end(), context);
  }

  private boolean partitionMayMatch(long start, long end, ScanContext context) {
    if (schema.granularity() == PartitionGranularity.NONE) {
      return true;
    }
    BlockStatistics range = new BlockStatistics(1, 0, start, end - 1);
    List<ColumnPredicate> predicates = context.predicates();
    for (int i = 0; i < predicates.size(); i++) {
      ColumnPredicate predicate = predicates.get(i);
      if (predicate.column().equals(schema.timeColumn())
          && !PredicateEvaluator.mayMatch(predicate, DataType.TIMESTAMP, range)) {
        return false;
      }
    }
    return true;
  }

  /** Rows visible now, in all partitions. */
  public long rowCount() {
    long rows = 0;
    for (ShardState.PartitionState partition : state.partitions()) {
      rows += partition.rowCount();
    }
    return rows;
  }

  /**
   * Adds what this shard knows of a column's distinct values to an estimate: the sketches of its
   * sealed segments that have the column, and the count of its other rows. Segments written before
   * the column was added hold only NULLs in it and add nothing.
   */
  public void addDistinct(String column, DistinctEstimate estimate) {
    for (ShardState.PartitionState partition : state.partitions()) {
      for (ImmutableSegment segment : partition.immutables()) {
        int index = segment.reader().columnIndex(column);
        if (index < 0) {
          continue;
        }
        byte[] sketch = segment.reader().column(index).distinctSketch();
        if (sketch != null) {
          estimate.addSketch(sketch, segment.rowCount());
        } else {
          estimate.addUnsketchedRows(segment.rowCount());
        }
      }
      for (MutableSegment.Snapshot mutable : partition.mutables()) {
        estimate.addUnsketchedRows(mutable.rowCount());
      }
    }
  }

  /** How many sealed segment files the shard holds now. */
  public int immutableSegmentCount() {
    int count = 0;
    for (ShardState.PartitionState partition : state.partitions()) {
      count += partition.immutables().size();
    }
    return count;
  }

  /**
   * The segments visible now, partition by partition: each sealed segment with its file's size and
   * its columns' encodings and bytes, and the rows each partition holds in memory.
   */
  public List<SegmentStatistics> segmentStatistics() {
    List<SegmentStatistics> segments = new ArrayList<>();
    for (ShardState.PartitionState partition : state.partitions()) {
      long end =
          schema.granularity() == PartitionGranularity.NONE ? Long.MAX_VALUE : partition.end();
      for (ImmutableSegment segment : partition.immutables()) {
        List<SegmentStatistics.ColumnStatistics> columnStatistics = new ArrayList<>();
        long uncompressed = 0;
        for (ColumnMetadata column : segment.reader().footer().columns()) {
          java.util.LinkedHashSet<String> encodings = new java.util.LinkedHashSet<>();
          long compressedBytes = 0;
          long uncompressedBytes = 0;
          for (BlockMetadata block : column.blocks()) {
            encodings.add(block.encoding().name());
            compressedBytes += block.region().length();
            uncompressedBytes += block.region().uncompressedLength();
          }
          for (Region region :
              new Region[] {column.dictionary(), column.invertedIndex(), column.bloomFilter()}) {
            if (region != null) {
              compressedBytes += region.length();
              uncompressedBytes += region.uncompressedLength();
            }
          }
          uncompressed += uncompressedBytes;
          columnStatistics.add(
              new SegmentStatistics.ColumnStatistics(
                  column.name(), String.join(",", encodings), compressedBytes, uncompressedBytes));
        }
        segments.add(
            new SegmentStatistics(
                partition.start(),
                end,
                segment.id(),
                true,
                segment.rowCount(),
                segment.deletedCount(),
                SegmentFiles.size(segment.file()),
                uncompressed,
                columnStatistics));
      }
      long memoryRows = 0;
      long memoryBytes = 0;
      for (MutableSegment.Snapshot mutable : partition.mutables()) {
        memoryRows += mutable.rowCount();
        memoryBytes += mutable.retainedBytes();
      }
      if (memoryRows > 0) {
        segments.add(
            new SegmentStatistics(
                partition.start(), end, -1, false, memoryRows, 0, memoryBytes, 0, List.of()));
      }
    }
    return segments;
  }

  /** Whether the shard has a time partition that starts before {@code micros}. */
  public boolean hasPartitionBefore(long micros) {
    for (ShardState.PartitionState partition : state.partitions()) {
      if (partition.start() < micros && partition.rowCount() > 0) {
        return true;
      }
    }
    return false;
  }

  /** The number of time partitions that hold rows. */
  public int partitionCount() {
    return state.partitions().size();
  }

  /**
   * Seals every non-empty mutable segment into a file, and writes staged rows still in memory to
   * their staged files, and waits until all are on disk.
   */
  public void sealAll() {
    runOnMaintenance(
        () -> {
          List<Long> starts;
          writeLock.lock();
          try {
            starts = new ArrayList<>(partitions.keySet());
          } finally {
            writeLock.unlock();
          }
          for (long start : starts) {
            seal(start, true);
          }
          writeLock.lock();
          try {
            if (!isClosed) {
              sealStaged();
            }
          } finally {
            writeLock.unlock();
          }
        });
    if (isMergeStale) {
      // A merge in progress read rows that a DELETE removed since: wait until it discarded its
      // output, so no file on disk holds those rows when the caller records this point as durable.
      runOn(compactor, () -> {});
    }
  }

  /**
   * The id the next sealed segment gets. A caller that seals every row up to a point of its log and
   * records this id beside that point can later tell the segments sealed after it (see {@link
   * #dropSegmentsSealedFrom}).
   */
  public long nextSegmentId() {
    writeLock.lock();
    try {
      return nextSegmentId;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Lets compaction merge only segments whose id is below {@code segmentId}: the caller's durable
   * state covers those, so a merged segment never mixes in rows that a restart would replay.
   */
  public void limitCompactionTo(long segmentId) {
    compactableBelow = segmentId;
  }

  /**
   * Deletes the segments sealed with an id at or above {@code segmentId} (merged segments, whose
   * inputs were all below the limit compaction had, are kept): a caller whose log replays every row
   * after its last durable snapshot calls this when it loads that snapshot, so rows sealed by a
   * later snapshot that did not complete (or by a seal outside a snapshot) are not counted twice.
   * Returns the rows dropped.
   */
  public long dropSegmentsSealedFrom(long segmentId) {
    List<ImmutableSegment> dropped = new ArrayList<>();
    writeLock.lock();
    try {
      checkOpen();
      for (PartitionWriter partition : partitions.values()) {
        for (Iterator<ImmutableSegment> it = partition.immutables.iterator(); it.hasNext(); ) {
          ImmutableSegment segment = it.next();
          if (segment.id() >= segmentId
              && segment.reader().footer().replacedSegmentIds().isEmpty()) {
            it.remove();
            dropped.add(segment);
          }
        }
      }
      if (!dropped.isEmpty()) {
        publish();
      }
    } finally {
      writeLock.unlock();
    }
    long rows = 0;
    for (ImmutableSegment segment : dropped) {
      rows += segment.rowCount();
      log.info(
          "Deleting segment file[{}]: sealed after the last completed snapshot, its {} rows are"
              + " replayed from the log",
          segment.file(),
          segment.rowCount());
      segment.reader().evictCachedBlocks();
      SegmentFiles.deleteSegment(segment.file());
    }
    return rows;
  }

  /**
   * Runs {@code action} while no file of this shard changes: no seal, merge, delete or commit is in
   * progress or starts until it returns. What the shard's directory holds meanwhile is what a crash
   * at that moment would leave, so a copy of it taken by {@code action} (hard links are cheap; see
   * {@link Directories#linkTree}) restarts like this shard would. Appends wait too; keep the action
   * short.
   */
  public void whileFilesSettled(Runnable action) {
    requireNonNull(action, "action is null");
    runOn(compactor, () -> runOnMaintenance(() -> withWriteLock(action)));
  }

  /**
   * Replaces every row of this shard by the segment files under {@code source} (laid out as this
   * shard's own directory, staged writes included), which move into place; the shard's previous
   * files are deleted and rows still in memory are dropped. A replica that copied a peer's files
   * calls this, then tells the shard which segments its snapshot covers ({@link
   * #dropSegmentsSealedFrom}, {@link #limitCompactionTo}): until then nothing is compacted. {@code
   * installedColumns} are the columns the copied files were written with; the shard takes them when
   * they are more than it has. Scans that started before keep reading the previous segments. If the
   * process dies part-way, calling this again with the same {@code source} finishes it.
   */
  public void replaceFiles(Path source, List<ColumnSchema> installedColumns) {
    requireNonNull(source, "source is null");
    requireNonNull(installedColumns, "installedColumns is null");
    List<ImmutableSegment> previous = new ArrayList<>();
    whileFilesSettled(
        () -> {
          Path old = replacedDirectory(directory);
          SegmentFiles.Loaded loaded;
          try {
            Directories.deleteRecursively(old);
            if (Files.exists(directory)) {
              Files.move(directory, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(source, directory, StandardCopyOption.ATOMIC_MOVE);
            Directories.sync(directory.getParent());
            loaded = SegmentFiles.load(directory, cache);
          } catch (IOException e) {
            throw new AuroraException(
                ErrorCode.IO_ERROR,
                "Replacing the files of shard[" + directory + "] failed: " + e.getMessage(),
                e);
          }
          for (PartitionWriter partition : partitions.values()) {
            previous.addAll(partition.immutables);
          }
          for (StagedWrite write : staged.values()) {
            for (List<ImmutableSegment> segments : write.segments.values()) {
              previous.addAll(segments);
            }
          }
          partitions.clear();
          staged.clear();
          merging.clear();
          isMergeStale = false;
          compactableBelow = 0;
          if (installedColumns.size() > columns.size()) {
            columns = List.copyOf(installedColumns);
          }
          adopt(loaded);
          try {
            Directories.deleteRecursively(old);
          } catch (IOException e) {
            log.warn("Could not delete the replaced files of shard[{}]: {}", old, e.toString());
          }
        });
    for (ImmutableSegment segment : previous) {
      segment.reader().evictCachedBlocks();
    }
    log.info(
        "Replaced the files of shard[{}]: {} rows in {} segments",
        directory,
        rowCount(),
        immutableSegmentCount());
  }

  private void withWriteLock(Runnable action) {
    writeLock.lock();
    try {
      checkOpen();
      action.run();
    } finally {
      writeLock.unlock();
    }
  }

  /** Takes the segments of {@code loaded} as this shard's; the caller holds the write lock. */
  private void adopt(SegmentFiles.Loaded loaded) {
    nextSegmentId = loaded.nextSegmentId();
    for (Map.Entry<Long, List<ImmutableSegment>> entry : loaded.segments().entrySet()) {
      PartitionWriter partition = partition(entry.getKey());
      partition.immutables.addAll(entry.getValue());
    }
    for (Map.Entry<String, Map<Long, List<ImmutableSegment>>> entry : loaded.staged().entrySet()) {
      StagedWrite write = new StagedWrite();
      for (Map.Entry<Long, List<ImmutableSegment>> partition : entry.getValue().entrySet()) {
        write.segments.put(partition.getKey(), new ArrayList<>(partition.getValue()));
        for (ImmutableSegment segment : partition.getValue()) {
          write.rows += segment.rowCount();
        }
      }
      staged.put(entry.getKey(), write);
    }
    publish();
  }

  /** Runs one round of compaction in every partition and waits for it; true if it merged any. */
  public boolean compact() {
    boolean[] merged = new boolean[1];
    runOn(compactor, () -> merged[0] = compactAll());
    return merged[0];
  }

  /**
   * Runs compaction rounds until one merges nothing, at most {@link #MAX_COMPACTION_ROUNDS} (in
   * case writes keep arriving), and waits for them: {@code CHECKPOINT}'s compaction.
   */
  public void compactUntilSettled() {
    runOn(
        compactor,
        () -> {
          for (int round = 0; round < MAX_COMPACTION_ROUNDS && compactAll(); round++) {
            // Each round merges up to min-segments inputs per partition.
          }
        });
  }

  private void runOnMaintenance(Runnable task) {
    runOn(maintenance, task);
  }

  private void runOn(ScheduledExecutorService executor, Runnable task) {
    Future<?> future;
    writeLock.lock();
    try {
      checkOpen();
      future = executor.submit(task);
    } finally {
      writeLock.unlock();
    }
    try {
      future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuroraException(
          ErrorCode.QUERY_CANCELED, "Interrupted while waiting for maintenance", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AuroraException aurora) {
        throw aurora;
      }
      throw new AuroraException(
          ErrorCode.INTERNAL_ERROR, "Maintenance failed: " + e.getCause(), e.getCause());
    }
  }

  private void runMaintenance() {
    try {
      List<Long> starts;
      writeLock.lock();
      try {
        starts = new ArrayList<>(partitions.keySet());
      } finally {
        writeLock.unlock();
      }
      for (long start : starts) {
        seal(start, false);
      }
    } catch (RuntimeException e) {
      log.error("Storage maintenance of shard[{}] failed; it will be retried", directory, e);
    }
  }

  private void runCompaction() {
    try {
      compactAll();
    } catch (RuntimeException e) {
      log.error("Compaction of shard[{}] failed; it will be retried", directory, e);
    }
  }

  /** Seals the partition's mutable segment when forced or when it passed a threshold. */
  private void seal(long start, boolean force) {
    writeLock.lock();
    try {
      if (isClosed) {
        return;
      }
      PartitionWriter partition = partitions.get(start);
      if (partition == null) {
        return;
      }
      partition.isSealPending = false;
      MutableSegment.Snapshot snapshot = partition.mutable.snapshot();
      boolean isDue =
          snapshot.rowCount() >= config.segmentMaxRows()
              || snapshot.retainedBytes() >= config.segmentMaxBytes()
              || System.nanoTime() - partition.mutable.createdNanos()
                  >= config.segmentMaxAge().toNanos();
      if (snapshot.rowCount() > 0 && (force || isDue)) {
        partition.sealing.add(snapshot);
        partition.mutable = new MutableSegment(columns, System.nanoTime());
        publish();
      }
    } finally {
      writeLock.unlock();
    }
    sealSnapshots(start);
  }

  /**
   * Writes every snapshot set aside for sealing in the partition; runs on the maintenance thread.
   */
  private void sealSnapshots(long start) {
    while (true) {
      MutableSegment.Snapshot snapshot;
      long segmentId;
      writeLock.lock();
      try {
        PartitionWriter partition = partitions.get(start);
        if (isClosed || partition == null || partition.sealing.isEmpty()) {
          return;
        }
        snapshot = partition.sealing.get(0);
        segmentId = nextSegmentId++;
      } finally {
        writeLock.unlock();
      }
      long began = System.nanoTime();
      Path file = SegmentFiles.segmentFile(directory, start, segmentId);
      ImmutableSegment segment =
          SegmentFiles.write(
              file,
              segmentId,
              snapshot.columns(),
              snapshot.pageList(),
              schema.sortKey(),
              List.of(),
              config.writeOptions(),
              cache);
      writeLock.lock();
      try {
        PartitionWriter partition = partitions.get(start);
        partition.sealing.remove(0);
        partition.immutables.add(segment);
        publish();
      } finally {
        writeLock.unlock();
      }
      work.sealed(segment.rowCount(), System.nanoTime() - began);
      log.info(
          "Sealed segment[{}] of shard[{}] partition[{}]: {} rows, {} bytes, {} ms",
          segmentId,
          directory,
          SegmentFiles.partitionName(start),
          segment.rowCount(),
          SegmentFiles.size(file),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    }
  }

  private boolean compactAll() {
    List<Long> starts;
    writeLock.lock();
    try {
      starts = new ArrayList<>(partitions.keySet());
    } finally {
      writeLock.unlock();
    }
    boolean merged = false;
    for (long start : starts) {
      merged |= compactPartition(start);
    }
    return merged;
  }

  private boolean compactPartition(long start) {
    List<ImmutableSegment> inputs;
    long segmentId;
    List<ColumnSchema> outputColumns;
    writeLock.lock();
    try {
      PartitionWriter partition = partitions.get(start);
      if (isClosed || partition == null) {
        return false;
      }
      List<ImmutableSegment> candidates = partition.immutables;
      long below = compactableBelow;
      if (below != Long.MAX_VALUE) {
        candidates = new ArrayList<>();
        for (ImmutableSegment segment : partition.immutables) {
          if (segment.id() < below) {
            candidates.add(segment);
          }
        }
      }
      inputs =
          Compaction.pick(
              candidates, config.compactionTargetRows(), config.compactionMinSegments());
      if (inputs.isEmpty()) {
        inputs = Compaction.pickPurge(candidates);
      }
      if (inputs.isEmpty()) {
        return false;
      }
      segmentId = nextSegmentId++;
      outputColumns = columns;
      for (ImmutableSegment input : inputs) {
        merging.add(input.id());
      }
    } finally {
      writeLock.unlock();
    }
    long began = System.nanoTime();
    Path file = SegmentFiles.segmentFile(directory, start, segmentId);
    ImmutableSegment merged;
    try {
      merged =
          Compaction.merge(file, segmentId, inputs, outputColumns, schema.sortKey(), config, cache);
    } catch (RuntimeException e) {
      writeLock.lock();
      try {
        merging.clear();
        isMergeStale = false;
      } finally {
        writeLock.unlock();
      }
      throw e;
    }
    writeLock.lock();
    try {
      merging.clear();
      PartitionWriter partition = partitions.get(start);
      boolean isCurrent = partition != null && !isMergeStale;
      for (int i = 0; isCurrent && i < inputs.size(); i++) {
        isCurrent = containsIdentical(partition.immutables, inputs.get(i));
      }
      if (!isCurrent) {
        // A DELETE removed rows of an input while it was merged: the merged file still has them.
        // Deleted under the lock, so no snapshot can count on it.
        merged.reader().evictCachedBlocks();
        SegmentFiles.deleteSegment(file);
        isMergeStale = false;
        log.info(
            "Discarded merged segment[{}] of shard[{}] partition[{}]: rows of its inputs were"
                + " deleted during the merge",
            segmentId,
            directory,
            SegmentFiles.partitionName(start));
        return false;
      }
      partition.immutables.removeAll(inputs);
      partition.immutables.add(merged);
      publish();
    } finally {
      writeLock.unlock();
    }
    for (ImmutableSegment input : inputs) {
      input.reader().evictCachedBlocks();
      SegmentFiles.deleteSegment(input.file());
    }
    work.compacted(inputs.size(), merged.rowCount(), System.nanoTime() - began);
    log.info(
        "Compacted {} segments of shard[{}] partition[{}] into segment[{}]: {} rows, {} ms",
        inputs.size(),
        directory,
        SegmentFiles.partitionName(start),
        segmentId,
        merged.rowCount(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began));
    return true;
  }

  private static boolean containsIdentical(
      List<ImmutableSegment> segments, ImmutableSegment wanted) {
    for (ImmutableSegment segment : segments) {
      if (segment == wanted) {
        return true;
      }
    }
    return false;
  }

  /**
   * Deletes the visible rows that satisfy any of the conjunctions (an empty conjunction matches
   * every row), and returns how many it deleted. Rows staged by open writes are not touched. The
   * deletion is visible to scans that start after this returns and durable when it returns: a
   * sealed segment gets a deleted-row file ({@link SegmentFiles#writeDeleted}), or is deleted when
   * none of its rows remain, so a DELETE of whole partitions drops their files; rows in memory are
   * dropped from their pages. Compaction then rewrites segments without their deleted rows.
   *
   * <p>Deterministic: the same rows go on every replica that applied the same writes, whatever its
   * segments look like. Fails with the predicates' error (unknown column, a value of the wrong
   * type) before changing anything.
   */
  public long delete(List<List<ColumnPredicate>> disjunction) {
    requireNonNull(disjunction, "disjunction is null");
    long[] deleted = new long[1];
    // On the maintenance thread, so no seal is writing a mutable snapshot meanwhile.
    runOnMaintenance(() -> deleted[0] = deleteNow(disjunction));
    return deleted[0];
  }

  /**
   * Checks that {@link #delete} would accept the predicates (their columns exist, their values fit
   * the columns' types) without reading or changing anything; throws what it would.
   */
  public void checkDelete(List<List<ColumnPredicate>> disjunction) {
    List<ColumnSchema> current = columns;
    for (List<ColumnPredicate> conjunction : disjunction) {
      ScanContext context =
          new ScanContext(
              current, new ScanRequest(List.of(), conjunction), new ScanStatistics(), false);
      for (int i = 0; i < conjunction.size(); i++) {
        PredicateEvaluator.check(conjunction.get(i), context.predicateColumn(i).type());
      }
    }
  }

  private long deleteNow(List<List<ColumnPredicate>> disjunction) {
    List<ImmutableSegment> dropped = new ArrayList<>();
    long deleted = 0;
    writeLock.lock();
    try {
      checkOpen();
      checkDelete(disjunction);
      List<ScanContext> contexts = new ArrayList<>(disjunction.size());
      for (List<ColumnPredicate> conjunction : disjunction) {
        contexts.add(
            new ScanContext(
                columns, new ScanRequest(List.of(), conjunction), new ScanStatistics(), false));
      }
      // First decide every change, so a bad predicate fails before anything changed.
      List<Runnable> changes = new ArrayList<>();
      for (PartitionWriter partition : partitions.values()) {
        List<ScanContext> matching = new ArrayList<>();
        for (ScanContext context : contexts) {
          if (partitionMayMatch(partition.start, partition.end, context)) {
            matching.add(context);
          }
        }
        if (matching.isEmpty()) {
          continue;
        }
        if (isWhollyMatched(partition, matching)) {
          // Every row goes (TRUNCATE, retention): drop the files without reading them.
          for (ImmutableSegment segment : partition.immutables) {
            deleted += segment.rowCount();
          }
          for (MutableSegment.Snapshot sealing : partition.sealing) {
            deleted += sealing.rowCount();
          }
          deleted += partition.mutable.snapshot().rowCount();
          changes.add(() -> dropAll(partition, dropped));
          continue;
        }
        for (ImmutableSegment segment : partition.immutables) {
          RoaringBitmap rows = null;
          for (ScanContext context : matching) {
            RoaringBitmap matched =
                SegmentScanner.matchingRows(segment.reader(), context, segment.deleted());
            rows = rows == null ? matched : RoaringBitmap.or(rows, matched);
          }
          if (rows == null || rows.isEmpty()) {
            continue;
          }
          deleted += rows.getCardinality();
          RoaringBitmap all =
              segment.deleted() == null ? rows : RoaringBitmap.or(segment.deleted(), rows);
          changes.add(() -> replaceDeleted(partition, segment, all, dropped));
        }
        for (int i = 0; i < partition.sealing.size(); i++) {
          MutableSegment.Snapshot sealing = partition.sealing.get(i);
          MutableSegment kept = withoutMatching(sealing, matching, sealing.columns(), 0);
          if (kept != null) {
            deleted += sealing.rowCount() - kept.snapshot().rowCount();
            int index = i;
            changes.add(() -> partition.sealing.set(index, kept.snapshot()));
          }
        }
        MutableSegment.Snapshot mutable = partition.mutable.snapshot();
        MutableSegment kept =
            withoutMatching(mutable, matching, mutable.columns(), partition.mutable.createdNanos());
        if (kept != null) {
          deleted += mutable.rowCount() - kept.snapshot().rowCount();
          changes.add(() -> partition.mutable = kept);
        }
      }
      for (Runnable change : changes) {
        change.run();
      }
      partitions
          .values()
          .removeIf(
              partition ->
                  partition.immutables.isEmpty()
                      && partition.sealing.isEmpty()
                      && partition.mutable.snapshot().rowCount() == 0);
      if (!changes.isEmpty()) {
        publish();
      }
    } finally {
      writeLock.unlock();
    }
    for (ImmutableSegment segment : dropped) {
      segment.reader().evictCachedBlocks();
      SegmentFiles.deleteSegment(segment.file());
    }
    if (deleted > 0) {
      log.info(
          "Deleted {} rows of shard[{}]; {} segment files had no rows left and were removed",
          deleted,
          directory,
          dropped.size());
    }
    return deleted;
  }

  /**
   * Whether one of the conjunctions holds for every row of the partition: it has no predicate, or
   * only predicates on the time column that hold for the partition's whole time range.
   */
  private boolean isWhollyMatched(PartitionWriter partition, List<ScanContext> contexts) {
    for (ScanContext context : contexts) {
      boolean isAll = true;
      for (ColumnPredicate predicate : context.predicates()) {
        if (schema.granularity() == PartitionGranularity.NONE
            || !predicate.column().equals(schema.timeColumn())
            || !PredicateEvaluator.allMatch(
                predicate,
                DataType.TIMESTAMP,
                new BlockStatistics(1, 0, partition.start, partition.end - 1))) {
          isAll = false;
          break;
        }
      }
      if (isAll) {
        return true;
      }
    }
    return false;
  }

  /** Deletes every row of a partition: its segments are dropped, its memory emptied. */
  private void dropAll(PartitionWriter partition, List<ImmutableSegment> dropped) {
    for (ImmutableSegment segment : partition.immutables) {
      if (merging.contains(segment.id())) {
        isMergeStale = true;
      }
      dropped.add(segment);
    }
    partition.immutables.clear();
    partition.sealing.clear();
    partition.mutable = new MutableSegment(columns, System.nanoTime());
  }

  /** Records a segment's new deleted rows durably, or drops it when none of its rows remain. */
  private void replaceDeleted(
      PartitionWriter partition,
      ImmutableSegment segment,
      RoaringBitmap rows,
      List<ImmutableSegment> dropped) {
    int index = partition.immutables.indexOf(segment);
    if (merging.contains(segment.id())) {
      isMergeStale = true;
    }
    if (rows.getCardinality() >= segment.reader().rowCount()) {
      partition.immutables.remove(index);
      dropped.add(segment);
      return;
    }
    SegmentFiles.writeDeleted(segment.file(), rows);
    partition.immutables.set(index, segment.withDeleted(rows));
  }

  /**
   * A mutable segment holding the rows of {@code snapshot} that match none of the contexts, or null
   * when every row stays.
   */
  private static @Nullable MutableSegment withoutMatching(
      MutableSegment.Snapshot snapshot,
      List<ScanContext> contexts,
      List<ColumnSchema> pageColumns,
      long createdNanos) {
    if (snapshot.rowCount() == 0) {
      return null;
    }
    List<Page> pages = snapshot.pageList();
    List<Page> kept = new ArrayList<>(pages.size());
    boolean isChanged = false;
    for (Page page : pages) {
      Page left = PageListScanner.withoutMatching(pageColumns, page, contexts);
      if (left == page) {
        kept.add(page);
        continue;
      }
      isChanged = true;
      if (left != null) {
        kept.add(left.compact());
      }
    }
    if (!isChanged) {
      return null;
    }
    MutableSegment segment = new MutableSegment(pageColumns, createdNanos);
    for (Page page : kept) {
      segment.append(page);
    }
    return segment;
  }

  private PartitionWriter partition(long start) {
    PartitionWriter partition = partitions.get(start);
    if (partition == null) {
      long end = schema.granularity().partitionEnd(start);
      partition = new PartitionWriter(start, end, new MutableSegment(columns, System.nanoTime()));
      partitions.put(start, partition);
    }
    return partition;
  }

  /** Publishes the writer-side state to readers; the caller holds the write lock. */
  private void publish() {
    List<ShardState.PartitionState> states = new ArrayList<>(partitions.size());
    for (PartitionWriter partition : partitions.values()) {
      List<MutableSegment.Snapshot> mutables = new ArrayList<>(partition.sealing);
      mutables.add(partition.mutable.snapshot());
      states.add(
          new ShardState.PartitionState(
              partition.start, partition.end, mutables, partition.immutables));
    }
    state = new ShardState(states);
  }

  private void checkOpen() {
    if (isClosed) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Shard[" + directory + "] is closed");
    }
  }

  /**
   * Stops maintenance and compaction and waits for a seal or merge in progress. Rows still in
   * mutable segments are not written: call {@link #sealAll()} first to keep them without a log
   * replay.
   */
  @Override
  public void close() {
    writeLock.lock();
    try {
      if (isClosed) {
        return;
      }
      isClosed = true;
    } finally {
      writeLock.unlock();
    }
    maintenance.shutdown();
    compactor.shutdown();
    try {
      if (!maintenance.awaitTermination(1, TimeUnit.MINUTES)
          || !compactor.awaitTermination(1, TimeUnit.MINUTES)) {
        log.warn("Maintenance of shard[{}] did not stop within a minute", directory);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The rows staged under one key: in memory by partition until sealed, then in files. */
  private static final class StagedWrite {
    private final TreeMap<Long, List<Page>> pages = new TreeMap<>();
    private final TreeMap<Long, List<ImmutableSegment>> segments = new TreeMap<>();
    private long rows;
  }

  private static final class PartitionWriter {
    private final long start;
    private final long end;
    private final List<MutableSegment.Snapshot> sealing = new ArrayList<>();
    private final List<ImmutableSegment> immutables = new ArrayList<>();
    private MutableSegment mutable;
    private boolean isSealPending;

    PartitionWriter(long start, long end, MutableSegment mutable) {
      this.start = start;
      this.end = end;
      this.mutable = mutable;
    }
  }
}
