package io.aurora.storage.scan;

import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/**
 * A pull-based stream of pages. Pages may carry a selection vector; each returned page has at least
 * one row. Not thread-safe: one consumer drives a source.
 *
 * <pre>{@code
 * try (PageSource source = split.open()) {
 *   for (Page page = source.next(); page != null; page = source.next()) {
 *     consume(page);
 *   }
 * }
 * }</pre>
 */
public interface PageSource extends AutoCloseable {
  /** The next page, or {@code null} when the source is exhausted. */
  @Nullable Page next();

  /** Releases what the source holds; the default does nothing. */
  @Override
  default void close() {}
}
