package io.aurora.sql.engine;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.execution.PageStream;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rows of a query, streamed: pull pages with {@link #next()} until it returns null, then close.
 * The caller must close the result, also when it stops early, to release the query's memory and its
 * timeout.
 */
public final class QueryResult implements StatementResult, AutoCloseable {
  private final List<String> columnNames;
  private final List<DataType> types;
  private final PageStream pages;
  private final Runnable onClose;
  private boolean isClosed;

  QueryResult(List<String> columnNames, List<DataType> types, PageStream pages, Runnable onClose) {
    this.columnNames = List.copyOf(columnNames);
    this.types = List.copyOf(types);
    this.pages = requireNonNull(pages, "pages is null");
    this.onClose = requireNonNull(onClose, "onClose is null");
  }

  public List<String> columnNames() {
    return columnNames;
  }

  public List<DataType> types() {
    return types;
  }

  /** The next page of rows (it may carry a selection vector), or null at the end. */
  public @Nullable Page next() {
    try {
      return pages.next();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Every remaining row as Java values (see {@code Block.objectValue}); for tests and tools. */
  public List<List<Object>> rows() {
    List<List<Object>> rows = new ArrayList<>();
    try {
      for (Page page = next(); page != null; page = next()) {
        for (int row = 0; row < page.rowCount(); row++) {
          Object[] values = new Object[page.channelCount()];
          for (int channel = 0; channel < values.length; channel++) {
            values[channel] = page.objectValue(channel, row);
          }
          rows.add(Arrays.asList(values));
        }
      }
    } finally {
      close();
    }
    return rows;
  }

  @Override
  public void close() {
    if (!isClosed) {
      isClosed = true;
      try {
        pages.close();
      } finally {
        onClose.run();
      }
    }
  }
}
