package io.aurora.sql.operator.join;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Hands the {@link JoinHashTable} from the {@link HashBuilderOperator} that builds it to the {@link
 * LookupJoinOperator} that probes it.
 *
 * <p>In this first, single-threaded version the driver runs the build pipeline to completion before
 * the probe pipeline starts, so the bridge is a set-once field: {@link #table()} fails if the build
 * has not finished, rather than blocking. The field is volatile only so that the two pipelines may
 * run one after the other on different threads. A parallel build, or a probe that starts early and
 * waits, needs a future here instead.
 *
 * <p>The bridge hands over ownership of the table's memory: the probe operator closes the table
 * when it closes.
 */
public final class JoinBridge {
  private volatile @Nullable JoinHashTable table;

  /** Publishes the built table; called once, by the build operator's {@code finish()}. */
  public void publish(JoinHashTable table) {
    requireNonNull(table, "table is null");
    if (this.table != null) {
      throw new IllegalStateException("The join hash table was already published");
    }
    this.table = table;
  }

  /** Whether the build side has finished and the table can be probed. */
  public boolean isReady() {
    return table != null;
  }

  /** The published table; throws if the build side has not finished. */
  public JoinHashTable table() {
    JoinHashTable published = table;
    if (published == null) {
      throw new IllegalStateException(
          "The join build side has not finished: run the build pipeline before the probe");
    }
    return published;
  }
}
