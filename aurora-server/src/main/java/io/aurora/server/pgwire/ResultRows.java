package io.aurora.server.pgwire;

import static java.util.Objects.requireNonNull;

import io.aurora.sql.engine.QueryResult;
import io.aurora.storage.block.Page;
import io.aurora.storage.type.DataType;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rows a statement returns, read row by row: from an engine {@link QueryResult} or from values the
 * server computed itself (SHOW). Not thread-safe; the owner must {@link #close()} it, also when it
 * stops early, to release the query's memory.
 */
final class ResultRows implements AutoCloseable {
  private final List<String> names;
  private final List<DataType> types;
  private final String tag;
  private final @Nullable QueryResult result;
  private final @Nullable Iterator<Page> pages;
  private @Nullable Page page;
  private int row;
  private boolean isDone;

  private ResultRows(
      List<String> names,
      List<DataType> types,
      String tag,
      @Nullable QueryResult result,
      @Nullable Iterator<Page> pages) {
    this.names = List.copyOf(names);
    this.types = List.copyOf(types);
    this.tag = requireNonNull(tag, "tag is null");
    this.result = result;
    this.pages = pages;
  }

  static ResultRows of(QueryResult result, String tag) {
    return new ResultRows(result.columnNames(), result.types(), tag, result, null);
  }

  static ResultRows of(List<String> names, List<DataType> types, String tag, List<Page> pages) {
    return new ResultRows(names, types, tag, null, pages.iterator());
  }

  List<String> names() {
    return names;
  }

  List<DataType> types() {
    return types;
  }

  /** The command tag's first word: SELECT, SHOW or EXPLAIN. */
  String tag() {
    return tag;
  }

  /** Whether another row follows; may pull the next page from the engine. */
  boolean hasNext() {
    while (!isDone && (page == null || row >= page.rowCount())) {
      page = nextPage();
      row = 0;
      if (page == null) {
        isDone = true;
      }
    }
    return !isDone;
  }

  /** The next row's values (see {@code Block.objectValue}); call {@link #hasNext()} first. */
  Object[] next() {
    Page current = requireNonNull(page, "no current page");
    Object[] values = new Object[current.channelCount()];
    for (int channel = 0; channel < values.length; channel++) {
      values[channel] = current.objectValue(channel, row);
    }
    row++;
    return values;
  }

  private @Nullable Page nextPage() {
    if (result != null) {
      return result.next();
    }
    Iterator<Page> iterator = requireNonNull(pages, "pages is null");
    return iterator.hasNext() ? iterator.next() : null;
  }

  @Override
  public void close() {
    isDone = true;
    if (result != null) {
      result.close();
    }
  }
}
