package io.aurora.sql.execution;

import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/** Counts rows, batches and time of the stream it wraps into the plan node's statistics. */
final class InstrumentedStream implements PageStream {
  private final PageStream inner;
  private final PlanNodeStats stats;

  InstrumentedStream(PageStream inner, PlanNodeStats stats) {
    this.inner = inner;
    this.stats = stats;
  }

  @Override
  public @Nullable Page next() {
    long start = System.nanoTime();
    Page page = inner.next();
    stats.record(page == null ? 0 : page.rowCount(), System.nanoTime() - start);
    return page;
  }

  @Override
  public void close() {
    inner.close();
  }
}
