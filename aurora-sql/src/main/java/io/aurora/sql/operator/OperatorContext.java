package io.aurora.sql.operator;

import static java.util.Objects.requireNonNull;

import io.aurora.storage.error.AuroraException;
import io.aurora.storage.error.ErrorCode;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What an operator gets from the query it runs in: the query's memory accounting and its
 * cancellation flag. Operators call {@link #checkCancelled()} once per batch.
 */
public final class OperatorContext {
  private final MemoryContext memory;
  private final AtomicBoolean isCancelled;

  public OperatorContext(MemoryContext memory, AtomicBoolean isCancelled) {
    this.memory = requireNonNull(memory, "memory is null");
    this.isCancelled = requireNonNull(isCancelled, "isCancelled is null");
  }

  /** A context with unlimited memory that is never cancelled, for tests. */
  public static OperatorContext forTesting() {
    return new OperatorContext(MemoryContext.unlimited(), new AtomicBoolean());
  }

  public MemoryContext memory() {
    return memory;
  }

  /** Throws QUERY_CANCELED (SQLSTATE 57014) once the query was cancelled or timed out. */
  public void checkCancelled() {
    if (isCancelled.get()) {
      throw new AuroraException(ErrorCode.QUERY_CANCELED, "Query was canceled");
    }
  }
}
