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
import io.aurora.storage.predicate.ColumnPredicate;
import io.aurora.storage.scan.PageListScanner;
import io.aurora.storage.scan.PageSource;
import io.aurora.storage.scan.ScanContext;
import io.aurora.storage.scan.ScanRequest;
import io.aurora.storage.scan.ScanSplit;
import io.aurora.storage.scan.ScanStatistics;
import io.aurora.storage.scan.TableScan;
import io.aurora.storage.shard.PageValidator;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows a session's transaction block has written and not committed, in the order written, and
 * its DELETEs. They stay in this object, in memory, so that other sessions cannot see them; the
 * session's own statements do ({@link #scan} adds them to a table's scan, which {@link SqlEngine}
 * uses when it runs a statement with this object); {@link #commit} writes them all with one {@link
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
   * block's rows of it, with the same columns and predicates, without the rows this block deleted:
   * committed rows that match any of its DELETEs of the table, and its own rows that match a DELETE
   * that came after them.
   */
  public TableScan scan(Table table, ScanRequest request) {
    List<ColumnSchema> columns = table.schema().columns();
    List<List<List<ColumnPredicate>>> deletes = deletesOf(table, 0);
    ScanRequest widened = deletes.isEmpty() ? request : widened(request, deletes, columns);
    TableScan committed = table.scan(widened);
    List<ScanSplit> splits =
        new ArrayList<>(without(committed.splits(), request, deletes, columns));
    ScanContext context = null;
    boolean hasOwnRows = false;
    for (int from = 0, to; from < entries.size(); from = to) {
      to = endOfRun(from);
      Entry first = entries.get(from);
      if (first.table() == table && first.page() != null) {
        List<List<List<ColumnPredicate>>> later = deletesOf(table, to);
        ScanRequest ownRequest = later.isEmpty() ? request : widened(request, later, columns);
        context = new ScanContext(columns, ownRequest, committed.statistics());
        splits.addAll(without(List.of(split(from, to, columns, context)), request, later, columns));
        hasOwnRows = true;
      }
    }
    return !hasOwnRows && deletes.isEmpty()
        ? committed
        : new TableScan(splits, committed.statistics());
  }

  /**
   * Deletes, at COMMIT, the rows of {@code table} that match the disjunction (see {@link
   * Table#delete}); from now on the block's statements no longer see them. Returns how many rows
   * the block sees now that match: the count a DELETE reports.
   */
  public long delete(Table table, List<List<ColumnPredicate>> disjunction) {
    requireNonNull(table, "table is null");
    requireNonNull(disjunction, "disjunction is null");
    if (isStatementOpen) {
      throw new IllegalStateException("A statement of this transaction block is still writing");
    }
    List<ColumnSchema> columns = table.schema().columns();
    List<String> names = predicateColumns(List.of(disjunction), columns);
    List<ColumnSchema> pageColumns = schemas(names, columns);
    List<ScanContext> contexts = contexts(List.of(disjunction), columns);
    long[] matched = new long[1];
    scan(table, new ScanRequest(names, List.of()))
        .forEachPage(
            page -> {
              boolean[] marks = new boolean[page.positionCount()];
              for (ScanContext context : contexts) {
                matched[0] += PageListScanner.markMatching(pageColumns, page, context, marks);
              }
            });
    entries.add(new Entry(table, null, 0, List.copyOf(disjunction)));
    return matched[0];
  }

  /** The DELETEs of {@code table} among the entries from {@code from} on, in order. */
  private List<List<List<ColumnPredicate>>> deletesOf(Table table, int from) {
    List<List<List<ColumnPredicate>>> deletes = new ArrayList<>();
    for (int i = from; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      if (entry.table() == table && entry.delete() != null) {
        deletes.add(entry.delete());
      }
    }
    return deletes;
  }

  /** The request with the columns the deletes read added after its own. */
  private static ScanRequest widened(
      ScanRequest request, List<List<List<ColumnPredicate>>> deletes, List<ColumnSchema> columns) {
    List<String> names = new ArrayList<>(request.columns());
    for (String name : predicateColumns(deletes, columns)) {
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    return new ScanRequest(names, request.predicates());
  }

  private static List<String> predicateColumns(
      List<List<List<ColumnPredicate>>> deletes, List<ColumnSchema> columns) {
    List<String> names = new ArrayList<>();
    for (ColumnSchema column : columns) {
      for (List<List<ColumnPredicate>> delete : deletes) {
        for (List<ColumnPredicate> conjunction : delete) {
          for (ColumnPredicate predicate : conjunction) {
            if (predicate.column().equals(column.name()) && !names.contains(column.name())) {
              names.add(column.name());
            }
          }
        }
      }
    }
    return names;
  }

  private static List<ColumnSchema> schemas(List<String> names, List<ColumnSchema> columns) {
    List<ColumnSchema> schemas = new ArrayList<>(names.size());
    for (String name : names) {
      for (ColumnSchema column : columns) {
        if (column.name().equals(name)) {
          schemas.add(column);
        }
      }
    }
    return schemas;
  }

  private static List<ScanContext> contexts(
      List<List<List<ColumnPredicate>>> deletes, List<ColumnSchema> columns) {
    List<ScanContext> contexts = new ArrayList<>();
    for (List<List<ColumnPredicate>> delete : deletes) {
      for (List<ColumnPredicate> conjunction : delete) {
        contexts.add(
            new ScanContext(
                columns, new ScanRequest(List.of(), conjunction), new ScanStatistics(), false));
      }
    }
    return contexts;
  }

  /**
   * The splits (of {@code request} widened by the deletes' columns) without the rows any of the
   * deletes match, and with the request's columns only.
   */
  private static List<ScanSplit> without(
      List<ScanSplit> splits,
      ScanRequest request,
      List<List<List<ColumnPredicate>>> deletes,
      List<ColumnSchema> columns) {
    if (deletes.isEmpty()) {
      return splits;
    }
    List<ColumnSchema> pageColumns = schemas(widened(request, deletes, columns).columns(), columns);
    List<ScanContext> contexts = contexts(deletes, columns);
    int[] outputs = new int[request.columns().size()];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = i;
    }
    List<ScanSplit> filtered = new ArrayList<>(splits.size());
    for (ScanSplit split : splits) {
      filtered.add(
          new ScanSplit() {
            @Override
            public PageSource open() {
              PageSource source = split.open();
              return new PageSource() {
                @Override
                public @Nullable Page next() {
                  for (Page page = source.next(); page != null; page = source.next()) {
                    Page kept = PageListScanner.withoutMatching(pageColumns, page, contexts);
                    if (kept != null) {
                      return kept.project(outputs);
                    }
                  }
                  return null;
                }

                @Override
                public void close() {
                  source.close();
                }
              };
            }

            @Override
            public long estimatedRows() {
              return split.estimatedRows();
            }
          });
    }
    return filtered;
  }

  /**
   * The end of the run of entries from {@code from} on with one table and one column count, all
   * rows or one DELETE.
   */
  private int endOfRun(int from) {
    Entry first = entries.get(from);
    if (first.page() == null) {
      return from + 1;
    }
    int to = from + 1;
    while (to < entries.size()
        && entries.get(to).table() == first.table()
        && entries.get(to).page() != null
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
      pages[i - from] = requireNonNull(entries.get(i).page());
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
      }
      // The deletes apply to the committed rows (the write deletes before it adds rows); the
      // block's own rows leave out what a later DELETE of the block matched.
      for (Entry entry : entries) {
        if (entry.delete() != null) {
          write.delete(entry.table(), entry.delete());
        }
      }
      for (int i = 0; i < entries.size(); i++) {
        Entry entry = entries.get(i);
        Page page = entry.page();
        if (page == null) {
          continue;
        }
        List<ColumnSchema> columns = entry.table().schema().columns();
        List<List<List<ColumnPredicate>>> later = deletesOf(entry.table(), i + 1);
        if (!later.isEmpty()) {
          page =
              PageListScanner.withoutMatching(
                  columns.subList(0, page.channelCount()), page, contexts(later, columns));
          if (page == null) {
            continue;
          }
          page = page.compact();
        }
        write.append(entry.table(), withColumnsOf(entry.table().schema(), page));
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

  /**
   * Rows written to a table, as the table's columns were then, or (page null) a DELETE of its rows.
   */
  private record Entry(
      Table table, @Nullable Page page, long bytes, @Nullable List<List<ColumnPredicate>> delete) {
    Entry(Table table, Page page, long bytes) {
      this(table, page, bytes, null);
    }
  }

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
