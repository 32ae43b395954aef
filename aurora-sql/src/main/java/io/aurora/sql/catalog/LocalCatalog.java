package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.access.AccessChange;
import io.aurora.sql.access.AccessState;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.segment.BlockCache;
import io.aurora.storage.shard.Directories;
import io.aurora.storage.shard.DistinctEstimate;
import io.aurora.storage.shard.SegmentStatistics;
import io.aurora.storage.shard.Shard;
import io.aurora.storage.shard.StorageConfig;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A catalog over shards in a local directory, without replication: table definitions live in
 * memory, rows in {@link Shard}s under {@code <directory>/<table>/shard-<n>}. Appends go to the
 * table's shards in turn. For tests, tools and benchmarks; the node uses its Raft catalog.
 */
public final class LocalCatalog implements Catalog, AutoCloseable {
  private final Path directory;
  private final StorageConfig config;
  private final BlockCache cache;
  private final ConcurrentSkipListMap<String, LocalTable> tables = new ConcurrentSkipListMap<>();
  private volatile Map<String, ViewDefinition> views = Map.of();
  private volatile Map<String, EndpointDefinition> endpoints = Map.of();
  private volatile AccessState access = AccessState.EMPTY;
  private final EndpointStatistics endpointStatistics = new EndpointStatistics();

  public LocalCatalog(Path directory, StorageConfig config) {
    this.directory = requireNonNull(directory, "directory is null");
    this.config = requireNonNull(config, "config is null");
    this.cache = new BlockCache(config.blockCacheBytes());
  }

  @Override
  public List<String> tableNames() {
    List<String> names = new java.util.ArrayList<>();
    for (String name : tables.keySet()) {
      if (!Catalog.isInternal(name)) {
        names.add(name);
      }
    }
    return names;
  }

  @Override
  public @Nullable Table table(String name) {
    return tables.get(name);
  }

  @Override
  public synchronized void createTable(String name, TableSchema schema, boolean ifNotExists) {
    Views.checkNoView(views, name);
    if (tables.containsKey(name)) {
      if (ifNotExists) {
        return;
      }
      throw new AuroraException(ErrorCode.DUPLICATE_TABLE, "Table[" + name + "] already exists");
    }
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < schema.shardCount(); i++) {
      shards.add(Shard.open(directory.resolve(name).resolve("shard-" + i), schema, config, cache));
    }
    tables.put(name, new LocalTable(name, schema, shards));
  }

  @Override
  public synchronized void dropTable(String name, boolean ifExists) {
    if (tables.containsKey(name)) {
      Views.checkNotRead(views.values(), name);
    }
    LocalTable table = tables.remove(name);
    if (table == null) {
      if (ifExists) {
        return;
      }
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + name + "] does not exist");
    }
    access = access.withoutTable(name);
    table.close();
    Path tableDirectory = directory.resolve(name);
    try {
      Directories.deleteRecursively(tableDirectory);
    } catch (IOException e) {
      throw new AuroraException(
          ErrorCode.IO_ERROR,
          "Deleting directory[" + tableDirectory + "] failed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public List<ViewDefinition> views() {
    return List.copyOf(views.values());
  }

  @Override
  public synchronized void createView(ViewDefinition view, boolean orReplace) {
    views = Views.create(views, tables::containsKey, view, orReplace);
  }

  @Override
  public synchronized void dropView(String name, boolean ifExists) {
    views = Views.drop(views, name, ifExists);
  }

  @Override
  public EndpointStatistics endpointStatistics() {
    return endpointStatistics;
  }

  @Override
  public AccessState access() {
    return access;
  }

  @Override
  public synchronized void changeAccess(AccessChange change) {
    access = access.apply(change);
  }

  @Override
  public List<EndpointDefinition> endpoints() {
    return List.copyOf(endpoints.values());
  }

  @Override
  public synchronized void createEndpoint(EndpointDefinition endpoint, boolean orReplace) {
    endpoints = EndpointDefinition.create(endpoints, endpoint, orReplace);
  }

  @Override
  public synchronized void dropEndpoint(String name, boolean ifExists) {
    endpoints = EndpointDefinition.drop(endpoints, name, ifExists);
    endpointStatistics.forget(name);
  }

  @Override
  public synchronized void addColumn(String table, ColumnSchema column) {
    LocalTable local = tables.get(table);
    if (local == null) {
      throw new AuroraException(ErrorCode.UNDEFINED_TABLE, "Table[" + table + "] does not exist");
    }
    local.addColumn(column);
  }

  @Override
  public void checkpoint() {
    sealAll();
    for (LocalTable table : tables.values()) {
      for (Shard shard : table.shards) {
        shard.compactUntilSettled();
      }
    }
  }

  /** Seals every table's in-memory rows into segment files; for tests and tools. */
  public void sealAll() {
    for (LocalTable table : tables.values()) {
      for (Shard shard : table.shards) {
        shard.sealAll();
      }
    }
  }

  @Override
  public void close() {
    for (LocalTable table : tables.values()) {
      table.close();
    }
    tables.clear();
  }

  private static final class LocalTable implements Table {
    private final String name;
    private final List<Shard> shards;
    private final AtomicLong nextShard = new AtomicLong();
    private final Map<String, Long> lastSequences = new HashMap<>();
    private volatile TableSchema schema;

    LocalTable(String name, TableSchema schema, List<Shard> shards) {
      this.name = name;
      this.schema = schema;
      this.shards = List.copyOf(shards);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public TableSchema schema() {
      return schema;
    }

    @Override
    public long rowCount() {
      long rows = 0;
      for (Shard shard : shards) {
        rows += shard.rowCount();
      }
      return rows;
    }

    @Override
    public double distinctCount(String column) {
      DistinctEstimate estimate = new DistinctEstimate();
      for (Shard shard : shards) {
        shard.addDistinct(column, estimate);
      }
      return estimate.estimate();
    }

    @Override
    public TableScan scan(ScanRequest request) {
      if (shards.size() == 1) {
        return shards.get(0).scan(request);
      }
      ScanStatistics statistics = new ScanStatistics();
      List<ScanSplit> splits = new ArrayList<>();
      for (Shard shard : shards) {
        splits.addAll(shard.scan(request, statistics).splits());
      }
      return new TableScan(splits, statistics);
    }

    @Override
    public void append(Page page) {
      shards.get((int) (nextShard.getAndIncrement() % shards.size())).append(page);
    }

    @Override
    public Map<Integer, List<SegmentStatistics>> localSegments() {
      Map<Integer, List<SegmentStatistics>> segments = new java.util.TreeMap<>();
      for (int shard = 0; shard < shards.size(); shard++) {
        segments.put(shard, shards.get(shard).segmentStatistics());
      }
      return segments;
    }

    /** Shard by shard: atomic on one shard only (a LocalCatalog has no log to make it so). */
    @Override
    public long delete(List<List<ColumnPredicate>> disjunction) {
      for (Shard shard : shards) {
        shard.checkDelete(disjunction);
      }
      long deleted = 0;
      for (Shard shard : shards) {
        deleted += shard.delete(disjunction);
      }
      return deleted;
    }

    /**
     * Keeps the last sequence per producer in memory only: a LocalCatalog has no log to replay, so
     * its dedup does not survive a restart (the node's replicated catalog keeps it in the shard
     * state machine). Batches of one producer are serialized.
     */
    @Override
    public boolean append(Page page, String producerId, long sequence) {
      requireNonNull(producerId, "producerId is null");
      synchronized (lastSequences) {
        Long last = lastSequences.get(producerId);
        if (last != null && sequence <= last) {
          return false;
        }
        append(page);
        lastSequences.put(producerId, sequence);
        return true;
      }
    }

    @Override
    public long appendSourced(Page page, long[] offsets, String source, long endOffset) {
      requireNonNull(source, "source is null");
      synchronized (lastSequences) {
        Long last = lastSequences.get(source);
        if (last != null && endOffset <= last) {
          return 0;
        }
        int[] positions = new int[offsets.length];
        int count = 0;
        for (int row = 0; row < offsets.length; row++) {
          if (last == null || offsets[row] > last) {
            positions[count++] = page.position(row);
          }
        }
        if (count > 0) {
          append(page.withSelection(positions, count));
        }
        lastSequences.put(source, endOffset);
        return count;
      }
    }

    @Override
    public long sourceOffset(String source) {
      synchronized (lastSequences) {
        Long last = lastSequences.get(source);
        return last == null ? -1 : last;
      }
    }

    synchronized void addColumn(ColumnSchema column) {
      for (Shard shard : shards) {
        shard.addColumn(column);
      }
      List<ColumnSchema> columns = new ArrayList<>(schema.columns());
      columns.add(column);
      TableSchema current = schema;
      schema =
          new TableSchema(
              columns,
              current.timeColumn(),
              current.granularity(),
              current.sortKey(),
              current.shardCount());
    }

    void close() {
      for (Shard shard : shards) {
        shard.close();
      }
    }
  }
}
