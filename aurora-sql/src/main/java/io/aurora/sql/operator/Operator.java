package io.aurora.sql.operator;

import io.aurora.storage.block.Page;
import org.jspecify.annotations.Nullable;

/**
 * A vectorized operator: it consumes pages and produces pages, one batch at a time.
 *
 * <p>The driver loop is push-pull, as in Trino: while {@link #needsInput()} it hands the operator
 * the next input page with {@link #addInput(Page)}; it asks for {@link #getOutput()} after every
 * call; when its input is exhausted it calls {@link #finish()} and keeps calling {@link
 * #getOutput()} until {@link #isFinished()}. Input pages may carry a selection vector, and output
 * pages may too. An operator never holds on to an input page's arrays after it has returned output
 * derived from them unless it documents so (blocks are immutable, so sharing them is safe).
 *
 * <p>Operators are single-threaded: one driver thread calls them. Each checks its {@link
 * OperatorContext} for cancellation and accounts the memory it holds.
 */
public interface Operator extends AutoCloseable {
  /** Whether the operator can take another input page now. */
  boolean needsInput();

  /** Hands the operator an input page; only called when {@link #needsInput()} is true. */
  void addInput(Page page);

  /** The next output page, or {@code null} when none is ready. */
  @Nullable Page getOutput();

  /** Tells the operator that no more input will come. */
  void finish();

  /** Whether the operator has produced all its output. */
  boolean isFinished();

  /** Releases memory and other resources; called once, whether the query succeeded or not. */
  @Override
  default void close() {}
}
