package io.aurora.server.pgwire;

/**
 * Settings of the transaction blocks of PostgreSQL sessions.
 *
 * <ul>
 *   <li>{@code transaction.max-bytes} (268435456, 256 MiB): the heap a session's transaction block
 *       (or the implicit block of a Query of several statements) may hold in rows written and not
 *       yet committed. A block keeps its rows in memory until COMMIT, so that other sessions do not
 *       see them, and this bounds what one session can take from the node: a write past it fails
 *       with SQLSTATE 54000 and fails the block. Raise it for larger transactions, with the heap to
 *       match (every open block may hold this much); COPY and INSERT outside a block are not
 *       limited by it.
 * </ul>
 */
public record TransactionConfig(long maxBytes) {
  public static final String MAX_BYTES = "transaction.max-bytes";
  public static final TransactionConfig DEFAULT = new TransactionConfig(256L << 20);

  public TransactionConfig {
    if (maxBytes < 1) {
      throw new IllegalArgumentException(MAX_BYTES + " must be at least 1: " + maxBytes);
    }
  }
}
