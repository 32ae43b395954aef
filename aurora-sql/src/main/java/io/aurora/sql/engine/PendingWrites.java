package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.Block;
import io.aurora.storage.block.BlockBuilder;
import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.PageValidator;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows a session's transaction block has written and not committed, in the order written. They
 * stay in this object, in memory, so that other sessions cannot see them; the session's own
 * statements do ({@link #scan} adds them to a table's scan, which {@link SqlEngine} uses when it
 * runs a statement with this object); {@link #commit} writes them all with one {@link
 * WriteTransaction}, and dropping the object discards them.
 *
 * <pre>{@code
 * PendingWrites block = new PendingWrites(maxBytes);
 * engine.execute("INSERT INTO t VALUES (1)", isCancelled, timeout, block); // held here
 * engine.execute("SELECT count(*) FROM t", isCancelled, timeout, block);   // counted
 * block.commit(catalog);                                                   // visible to all
 * }</pre>
 *
 * <p>Each statement writes through its own {@link #beginStatement} transaction, so a statement that
 * fails half-way leaves nothing behind. Rows are checked against the table (types, NOT NULL) when
 * they are written, as {@link Table#append} would, so a bad row fails its statement and not the
 * COMMIT. At most {@code maxBytes} of rows are held: past it a write fails with SQLSTATE 54000,
 * since a block's rows cannot spill to disk.
 *
 * <p>A table is recognised by identity: rows written to a table that another session then drops (or
 * drops and creates again) are no longer read by {@link #scan}, and fail the commit. Rows written
 * before another session added a column read it as NULL.
 *
 * <p>Not thread-safe: the session's thread uses it. The pages a {@link #scan} hands out are
 * immutable and may be read on any thread while the block goes on.
 */
public final class PendingWrites {
  private final long maxBytes;
  private final List<Entry> entries = new ArrayList<>();
  private long bytes;
  private boolean isStatementOpen;

  /** An empty block that holds at most {@code maxBytes} of rows. */
  public PendingWrites(long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    this.maxBytes = maxBytes;
  }

  /**
   * The write transaction of one statement in this block: its rows join the block when it commits,
   * and are dropped when it closes without committing. One statement writes at a time.
   */
  public WriteTransaction beginStatement() {
    if (isStatementOpen) {
      throw new IllegalStateException("A statement of this transaction block is still writing");
    }
    isStatementOpen = true;
    return new StatementWrite(entries.size());
  }

  /**
   * Plans a scan of {@code table} that reads its committed rows ({@link Table#scan}) and this
   * block's rows of it, with the same columns and predicates.
   */
  public TableScan scan(Table table, ScanRequest request) {
    TableScan committed = table.scan(request);
    List<ColumnSchema> columns = table.schema().columns();
    List<ScanSplit> splits = new ArrayList<>(committed.splits());
    ScanContext context = null;
    for (int from = 0, to; from < entries.size(); from = to) {
      to = endOfRun(from);
      if (entries.get(from).table() == table) {
        if (context == null) {
          context = new ScanContext(columns, request, committed.statistics());
        }
        splits.add(split(from, to, columns, context));
      }
    }
    return context == null ? committed : new TableScan(splits, committed.statistics());
  }

  /** The end of the run of entries from {@code from} on with one table and one column count. */
  private int endOfRun(int from) {
    Entry first = entries.get(from);
    int to = from + 1;
    while (to < entries.size()
        && entries.get(to).table() == first.table()
        && entries.get(to).page().channelCount() == first.page().channelCount()) {
      to++;
    }
    return to;
  }

  /** One split over the pages of the entries {@code [from, to)}, a snapshot of them. */
  private ScanSplit split(int from, int to, List<ColumnSchema> columns, ScanContext context) {
    Page[] pages = new Page[to - from];
    long rows = 0;
    for (int i = from; i < to; i++) {
      pages[i - from] = entries.get(i).page();
      rows += pages[i - from].positionCount();
    }
    return PageListScanner.split(
        columns.subList(0, pages[0].channelCount()), pages, pages.length, rows, context);
  }

  /** Where the block stands now, to {@link #rollbackTo} later (a savepoint). */
  public int mark() {
    return entries.size();
  }

  /** Drops every row written after {@code mark}. */
  public void rollbackTo(int mark) {
    if (mark < 0 || mark > entries.size()) {
      throw new IllegalArgumentException("mark is out of range: " + mark);
    }
    while (entries.size() > mark) {
      bytes -= entries.remove(entries.size() - 1).bytes();
    }
  }

  /** Whether the block holds no rows. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The heap bytes of the rows held. */
  public long bytes() {
    return bytes;
  }

  /**
   * Writes every row held with one {@link Catalog#beginWrite} transaction, so that they become
   * visible together, and empties the block whether or not that succeeds. Fails with
   * UNDEFINED_TABLE, writing nothing, when a table written to was dropped since.
   */
  public void commit(Catalog catalog) {
    requireNonNull(catalog, "catalog is null");
    try (WriteTransaction write = catalog.beginWrite()) {
      for (Entry entry : entries) {
        Table table = entry.table();
        if (catalog.table(table.name()) != table) {
          throw new AuroraException(
              ErrorCode.UNDEFINED_TABLE,
              "Table[" + table.name() + "] was dropped before the transaction committed");
        }
        write.append(table, withColumnsOf(table.schema(), entry.page()));
      }
      write.commit();
    } finally {
      discard();
    }
  }

  /** Drops every row held. */
  public void discard() {
    entries.clear();
    bytes = 0;
  }

  /**
   * A copy of the page's blocks that holds just their values (as {@link Page#compact} of a page
   * with a selection is already): a block keeps its pages until COMMIT, and should neither hold a
   * builder's spare capacity (a one-row INSERT's page may have arrays for thousands of rows) nor
   * keep blocks of the block cache from being evicted.
   */
  private static Page tightCopy(Page page) {
    Block[] blocks = new Block[page.channelCount()];
    for (int channel = 0; channel < blocks.length; channel++) {
      blocks[channel] = page.block(channel).copyRegion(0, page.positionCount());
    }
    return new Page(page.positionCount(), blocks);
  }

  /** The page with a NULL block for each column the table gained after it was written. */
  private static Page withColumnsOf(TableSchema schema, Page page) {
    int columns = schema.columnCount();
    if (page.channelCount() == columns) {
      return page;
    }
    Block[] blocks = new Block[columns];
    for (int channel = 0; channel < columns; channel++) {
      if (channel < page.channelCount()) {
        blocks[channel] = page.block(channel);
      } else {
        BlockBuilder nulls =
            BlockBuilder.forType(schema.column(channel).type(), page.positionCount());
        for (int position = 0; position < page.positionCount(); position++) {
          nulls.appendNull();
        }
        blocks[channel] = nulls.build();
      }
    }
    return new Page(page.positionCount(), blocks);
  }

  /** Rows written to a table, as the table's columns were then. */
  private record Entry(Table table, Page page, long bytes) {}

  /** One statement's writes: appended to the block at once, taken back unless committed. */
  private final class StatementWrite implements WriteTransaction {
    private final int start;
    private long rows;
    private boolean isCommitted;
    private boolean isClosed;

    StatementWrite(int start) {
      this.start = start;
    }

    @Override
    public void append(Table table, Page page) {
      requireNonNull(table, "table is null");
      requireNonNull(page, "page is null");
      checkOpen();
      TableSchema schema = table.schema();
      PageValidator.validate(page, schema.columns(), schema.timeColumnIndex());
      if (page.rowCount() == 0) {
        return;
      }
      Page compact = page.compact();
      Page rowsPage = compact == page ? tightCopy(page) : compact;
      long pageBytes = rowsPage.retainedBytes();
      if (bytes + pageBytes > maxBytes) {
        throw new AuroraException(
            ErrorCode.PROGRAM_LIMIT_EXCEEDED,
            "Transaction block would hold more than its limit of "
                + maxBytes
                + " bytes of uncommitted rows; raise the setting transaction.max-bytes or"
                + " commit in smaller blocks");
      }
      entries.add(new Entry(table, rowsPage, pageBytes));
      bytes += pageBytes;
      rows += rowsPage.positionCount();
    }

    @Override
    public long rowCount() {
      return rows;
    }

    @Override
    public void commit() {
      checkOpen();
      isCommitted = true;
    }

    @Override
    public void close() {
      if (isClosed) {
        return;
      }
      isClosed = true;
      isStatementOpen = false;
      if (!isCommitted) {
        rollbackTo(start);
      }
    }

    private void checkOpen() {
      if (isClosed || isCommitted) {
        throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Write transaction has ended");
      }
    }
  }
}
