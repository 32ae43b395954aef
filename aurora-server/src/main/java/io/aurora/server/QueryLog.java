package io.aurora.server;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.CurrentSession;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.TableOptions;
import io.aurora.sql.engine.FinishedStatement;
import io.aurora.sql.engine.StatementListener;
import io.aurora.sql.operator.PageBuilder;
import io.aurora.sql.system.SystemSchemas;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.DataType;
import io.aurora.storage.type.PartitionGranularity;
import io.aurora.storage.type.TableSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's query log: every statement that ends on this node (a query, INSERT, DELETE, DDL, a
 * COPY, a gRPC Ingest batch) becomes a row of {@code system.query_log}, a table Aurora keeps in
 * itself, replicated and durable as any other, so the log survives restarts and every node's
 * statements can be read from any node. Rows older than {@code query.log-retention} are dropped a
 * day partition at a time by the table's retention. A statement that ran {@code
 * query.slow-threshold} or longer is also logged as one WARN line with the query id the table has.
 *
 * <p>The engine's threads only put a {@link FinishedStatement} on a bounded queue ({@value
 * #QUEUE_CAPACITY} entries; past that, entries are dropped and counted). A flusher thread appends
 * what is queued every {@code query.log-flush-interval}, and once more when the node stops. Each
 * batch is appended exactly once under a producer id of this node's start and a sequence number: a
 * batch whose write fails (a leader election, say) is retried with the same number at the next
 * flush, while new entries wait in the queue. A single node creates the table when it starts
 * ({@link #createTable()}); in a cluster each node's first flush after the catalog has a leader
 * creates it if no other node did yet. Until the catalog has a leader, flushing waits. What is
 * still unwritten when the node stops is counted as dropped ({@link #droppedEntries()}) with a
 * warning.
 */
final class QueryLog implements StatementListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QueryLog.class);
  static final String RETENTION = "query.log-retention";
  static final String SLOW_THRESHOLD = "query.slow-threshold";
  static final String FLUSH_INTERVAL = "query.log-flush-interval";
  static final int QUEUE_CAPACITY = 100_000;

  /** Longer statement texts and error messages are cut to this many characters. */
  static final int MAX_TEXT_CHARS = 16_384;

  /**
   * @param retention how long {@code system.query_log} keeps rows; zero turns the log off
   * @param slowThreshold statements running at least this long get a WARN line; zero: none
   * @param flushInterval how often queued statements are appended to the table
   */
  record Config(Duration retention, Duration slowThreshold, Duration flushInterval) {
    static final Config DEFAULT =
        new Config(Duration.ofDays(7), Duration.ofSeconds(10), Duration.ofSeconds(1));

    Config {
      requireNonNull(retention, "retention is null");
      requireNonNull(slowThreshold, "slowThreshold is null");
      requireNonNull(flushInterval, "flushInterval is null");
      if (flushInterval.toMillis() < 1) {
        throw new IllegalArgumentException(FLUSH_INTERVAL + " must be at least 1 ms");
      }
    }
  }

  static final TableSchema SCHEMA =
      new TableSchema(
          List.of(
              new ColumnSchema("query_id", DataType.BIGINT, false),
              new ColumnSchema("node", DataType.VARCHAR, true),
              new ColumnSchema("kind", DataType.VARCHAR, false),
              new ColumnSchema("query", DataType.VARCHAR, false),
              new ColumnSchema("protocol", DataType.VARCHAR, true),
              new ColumnSchema("pid", DataType.INTEGER, true),
              new ColumnSchema("user_name", DataType.VARCHAR, true),
              new ColumnSchema("client_addr", DataType.VARCHAR, true),
              new ColumnSchema("query_start", DataType.TIMESTAMP, false),
              new ColumnSchema("duration_ms", DataType.DOUBLE, false),
              new ColumnSchema("result_rows", DataType.BIGINT, false),
              new ColumnSchema("written_rows", DataType.BIGINT, false),
              new ColumnSchema("read_rows", DataType.BIGINT, false),
              new ColumnSchema("read_bytes", DataType.BIGINT, false),
              new ColumnSchema("peak_memory_bytes", DataType.BIGINT, false),
              new ColumnSchema("sqlstate", DataType.VARCHAR, true),
              new ColumnSchema("error", DataType.VARCHAR, true)),
          "query_start",
          PartitionGranularity.DAY,
          List.of(),
          1);

  private final Catalog catalog;
  private final String node;
  private final Config config;
  private final BlockingQueue<FinishedStatement> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong written = new AtomicLong();
  private final @Nullable ScheduledExecutorService flusher;
  // Every batch goes in exactly once, under this node's producer id for this start.
  private final String producerId;
  private long sequence;
  private @Nullable Batch pending;
  private boolean isFailing;
  private boolean isClosed;
  // Whether this node has seen the table exist (it created it, or found it).
  private boolean hasTable;

  QueryLog(Catalog catalog, String node, Config config) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.node = requireNonNull(node, "node is null");
    this.config = requireNonNull(config, "config is null");
    this.producerId = "query-log/" + node + "/" + java.util.UUID.randomUUID();
    if (config.retention().isZero()) {
      flusher = null;
      LOG.info("Query log: off ({} is 0)", RETENTION);
    } else {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread = new Thread(runnable, "aurora-query-log");
                thread.setDaemon(true);
                return thread;
              });
      flusher.scheduleWithFixedDelay(
          this::flush,
          config.flushInterval().toMillis(),
          config.flushInterval().toMillis(),
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void statementFinished(FinishedStatement statement) {
    Duration slow = config.slowThreshold();
    if (!slow.isZero() && statement.durationNanos() >= slow.toNanos()) {
      CurrentSession.Client client = statement.client();
      LOG.warn(
          "Slow statement query_id[{}] took {} ms, {} by user[{}] from [{}] pid[{}]: {}",
          statement.queryId(),
          statement.durationNanos() / 1_000_000,
          statement.error() == null ? "succeeded" : "failed " + statement.error().sqlState(),
          client == null ? "" : client.user(),
          client == null || client.address() == null ? "" : client.address(),
          client == null ? 0 : client.pid(),
          cut(statement.query(), 1_000));
    }
    if (flusher != null && !queue.offer(statement)) {
      dropped.incrementAndGet();
    }
  }

  /** Statements the log could not keep (queue full or a failed write) since the node started. */
  long droppedEntries() {
    return dropped.get();
  }

  /** Rows written to {@code system.query_log} since the node started. */
  long writtenEntries() {
    return written.get();
  }

  /**
   * Creates {@code system.query_log} now, so that it can be queried from the node's first statement
   * on; a single node calls this at start. Without a catalog leader it logs a warning and the first
   * flush creates the table instead.
   */
  synchronized void createTable() {
    if (flusher == null) {
      return;
    }
    try {
      table();
    } catch (RuntimeException e) {
      failing("cannot create " + SystemSchemas.QUERY_LOG_TABLE, e);
    }
  }

  /** Appends what is queued now; called every flush interval and when the node stops. */
  synchronized void flush() {
    // Also with nothing queued until the table exists: a cluster's nodes create it at their first
    // flush once the catalog has a leader, so that it can be queried soon after the cluster starts.
    if (queue.isEmpty() && pending == null && hasTable) {
      return;
    }
    Table table;
    try {
      table = table();
    } catch (RuntimeException e) {
      // No leader yet (a cluster starting) or a catalog error: keep the queue and try again.
      failing("cannot create " + SystemSchemas.QUERY_LOG_TABLE, e);
      return;
    }
    while (true) {
      Batch batch = pending;
      if (batch == null) {
        List<FinishedStatement> entries = new ArrayList<>();
        if (queue.drainTo(entries, PageBuilder.DEFAULT_PAGE_ROWS) == 0) {
          return;
        }
        batch = new Batch(page(entries), ++sequence);
        pending = batch;
      }
      try {
        // The batch keeps its sequence until it is written: a retry after a write whose outcome
        // was unknown is applied once.
        table.append(batch.page(), producerId, batch.sequence());
      } catch (RuntimeException e) {
        failing("cannot write " + batch.page().positionCount() + " entries, will retry", e);
        return;
      }
      pending = null;
      written.addAndGet(batch.page().positionCount());
      if (isFailing) {
        isFailing = false;
        LOG.info("Query log: writing again");
      }
    }
  }

  /** Entries on their way to the table, with the sequence number they are written under. */
  private record Batch(io.aurora.storage.block.Page page, long sequence) {}

  private void failing(String what, RuntimeException e) {
    if (!isFailing) {
      isFailing = true;
      LOG.warn("Query log: {}: {}", what, e.getMessage());
    }
  }

  /** The log's table, created (or its retention set) the first time. */
  private Table table() {
    Table table = catalog.table(SystemSchemas.QUERY_LOG_TABLE);
    long retentionMicros = config.retention().toNanos() / 1000;
    if (table == null) {
      catalog.createTable(
          SystemSchemas.QUERY_LOG_TABLE,
          SCHEMA,
          new TableOptions(0, List.of(), retentionMicros),
          true);
      table = requireNonNull(catalog.table(SystemSchemas.QUERY_LOG_TABLE), "query log table");
      LOG.info(
          "Query log: created {} with retention[{}]",
          SystemSchemas.QUERY_LOG_TABLE,
          config.retention());
    } else if (catalog.retentionMicros(SystemSchemas.QUERY_LOG_TABLE) != retentionMicros) {
      catalog.setRetention(SystemSchemas.QUERY_LOG_TABLE, retentionMicros);
      LOG.info("Query log: retention set to [{}]", config.retention());
    }
    hasTable = true;
    return table;
  }

  private io.aurora.storage.block.Page page(List<FinishedStatement> batch) {
    List<DataType> types = new ArrayList<>();
    for (ColumnSchema column : SCHEMA.columns()) {
      types.add(column.type());
    }
    PageBuilder page = new PageBuilder(types, batch.size());
    for (FinishedStatement statement : batch) {
      CurrentSession.Client client = statement.client();
      boolean isWrite =
          switch (statement.kind()) {
            case INSERT, COPY, INGEST, DELETE -> true;
            default -> false;
          };
      int channel = 0;
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(statement.queryId());
      page.channel(channel++).appendObject(node, DataType.VARCHAR);
      page.channel(channel++)
          .appendObject(statement.kind().name().toLowerCase(Locale.ROOT), DataType.VARCHAR);
      page.channel(channel++)
          .appendObject(cut(statement.query(), MAX_TEXT_CHARS), DataType.VARCHAR);
      page.channel(channel++)
          .appendObject(client == null ? null : client.protocol(), DataType.VARCHAR);
      page.channel(channel++).appendObject(client == null ? null : client.pid(), DataType.INTEGER);
      page.channel(channel++).appendObject(client == null ? null : client.user(), DataType.VARCHAR);
      page.channel(channel++)
          .appendObject(client == null ? null : client.address(), DataType.VARCHAR);
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(statement.startMicros());
      page.channel(channel++).appendObject(statement.durationNanos() / 1e6, DataType.DOUBLE);
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(isWrite ? 0 : statement.rows());
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(isWrite ? statement.rows() : 0);
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(statement.rowsRead());
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(statement.scan().bytesRead());
      ((BlockBuilder.LongBuilder) page.channel(channel++)).append(statement.peakMemoryBytes());
      page.channel(channel++)
          .appendObject(
              statement.error() == null ? null : statement.error().sqlState(), DataType.VARCHAR);
      String error = statement.errorMessage();
      page.channel(channel)
          .appendObject(error == null ? null : cut(error, MAX_TEXT_CHARS), DataType.VARCHAR);
      page.declareRow();
    }
    return page.build();
  }

  private static String cut(String text, int chars) {
    return text.length() <= chars ? text : text.substring(0, chars) + "…";
  }

  /** Writes what is queued and stops the flusher; later statements are not logged. Idempotent. */
  @Override
  public synchronized void close() {
    if (isClosed) {
      return;
    }
    if (flusher != null) {
      flusher.shutdownNow();
      flush();
      long lost = queue.size() + (pending == null ? 0 : pending.page().positionCount());
      if (lost > 0) {
        dropped.addAndGet(lost);
        LOG.warn("Query log: entries[{}] not written before the node stopped", lost);
      }
    }
    isClosed = true;
  }
}
