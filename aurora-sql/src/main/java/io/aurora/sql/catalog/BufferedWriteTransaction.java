package io.aurora.sql.catalog;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.block.Page;
import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import io.aurora.storage.predicate.ColumnPredicate;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link WriteTransaction} of a catalog without a log of its own ({@link LocalCatalog}, tests):
 * it keeps the pages and deletes in memory and applies them at commit (the deletes first), table by
 * table. A failure in the middle of the commit (a crash, a full disk) can leave the first tables'
 * rows visible: only a replicated catalog makes the commit atomic.
 */
public final class BufferedWriteTransaction implements WriteTransaction {
  private final List<Table> tables = new ArrayList<>();
  private final List<Page> pages = new ArrayList<>();
  private final List<Table> deleteTables = new ArrayList<>();
  private final List<List<List<ColumnPredicate>>> deletes = new ArrayList<>();
  private long rows;
  private boolean isEnded;

  @Override
  public void append(Table table, Page page) {
    requireNonNull(table, "table is null");
    requireNonNull(page, "page is null");
    checkOpen();
    tables.add(table);
    pages.add(page.compact());
    rows += page.rowCount();
  }

  @Override
  public void delete(Table table, List<List<ColumnPredicate>> disjunction) {
    requireNonNull(table, "table is null");
    requireNonNull(disjunction, "disjunction is null");
    checkOpen();
    deleteTables.add(table);
    deletes.add(List.copyOf(disjunction));
  }

  @Override
  public long rowCount() {
    return rows;
  }

  @Override
  public void commit() {
    checkOpen();
    isEnded = true;
    for (int i = 0; i < deletes.size(); i++) {
      deleteTables.get(i).delete(deletes.get(i));
    }
    deletes.clear();
    deleteTables.clear();
    for (int i = 0; i < pages.size(); i++) {
      tables.get(i).append(pages.get(i));
    }
    pages.clear();
    tables.clear();
  }

  @Override
  public void close() {
    isEnded = true;
    pages.clear();
    tables.clear();
  }

  private void checkOpen() {
    if (isEnded) {
      throw new AuroraException(ErrorCode.INTERNAL_ERROR, "Write transaction has ended");
    }
  }
}
