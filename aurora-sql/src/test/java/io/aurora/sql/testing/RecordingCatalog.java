package io.aurora.sql.testing;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.catalog.BufferedWriteTransaction;
import io.aurora.sql.catalog.Catalog;
import io.aurora.sql.catalog.LocalCatalog;
import io.aurora.sql.catalog.Table;
import io.aurora.sql.catalog.WriteTransaction;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.ColumnSchema;
import io.aurora.storage.type.TableSchema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LocalCatalog} that counts the write transactions begun and committed through it and the
 * pages appended to them, to check that a statement or a block writes through exactly one. Views
 * and pipelines are not kept. Thread-safe, as sessions write from their own threads.
 */
public final class RecordingCatalog implements Catalog {
  private final LocalCatalog catalog;
  private int begun;
  private int committed;
  private int appendedPages;

  public RecordingCatalog(LocalCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** Write transactions begun so far. */
  public synchronized int begun() {
    return begun;
  }

  /** Write transactions committed so far. */
  public synchronized int committed() {
    return committed;
  }

  /** Pages appended to write transactions so far, committed or not. */
  public synchronized int appendedPages() {
    return appendedPages;
  }

  @Override
  public List<String> tableNames() {
    return catalog.tableNames();
  }

  @Override
  public @Nullable Table table(String name) {
    return catalog.table(name);
  }

  @Override
  public void createTable(String name, TableSchema schema, boolean ifNotExists) {
    catalog.createTable(name, schema, ifNotExists);
  }

  @Override
  public void dropTable(String name, boolean ifExists) {
    catalog.dropTable(name, ifExists);
  }

  @Override
  public void addColumn(String table, ColumnSchema column) {
    catalog.addColumn(table, column);
  }

  @Override
  public void checkpoint() {
    catalog.checkpoint();
  }

  @Override
  public synchronized WriteTransaction beginWrite() {
    begun++;
    BufferedWriteTransaction buffered = new BufferedWriteTransaction();
    return new WriteTransaction() {
      @Override
      public void append(Table table, Page page) {
        synchronized (RecordingCatalog.this) {
          appendedPages++;
        }
        buffered.append(table, page);
      }

      @Override
      public long rowCount() {
        return buffered.rowCount();
      }

      @Override
      public void commit() {
        buffered.commit();
        synchronized (RecordingCatalog.this) {
          committed++;
        }
      }

      @Override
      public void close() {
        buffered.close();
      }
    };
  }
}
