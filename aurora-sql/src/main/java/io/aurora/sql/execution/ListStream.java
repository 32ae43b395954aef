package io.aurora.sql.execution;

import io.aurora.storage.block.Page;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A stream over pages already in memory (VALUES, results of a finished build). */
public final class ListStream implements PageStream {
  private final List<Page> pages;
  private int next;

  public ListStream(List<Page> pages) {
    this.pages = List.copyOf(pages);
  }

  @Override
  public @Nullable Page next() {
    while (next < pages.size()) {
      Page page = pages.get(next++);
      if (page.rowCount() > 0) {
        return page;
      }
    }
    return null;
  }

  @Override
  public void close() {}
}
