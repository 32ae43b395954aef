package io.aurora.sql.execution;

import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/**
 * A pull-based stream of pages, the unit the local executor composes: scans, operators and set
 * operations each expose one. Pages may carry a selection vector and have at least one row. Not
 * thread-safe.
 */
public interface PageStream extends AutoCloseable {
  /** The next page, or {@code null} when the stream is exhausted. */
  @Nullable Page next();

  /** Releases resources; safe to call more than once. */
  @Override
  void close();
}
