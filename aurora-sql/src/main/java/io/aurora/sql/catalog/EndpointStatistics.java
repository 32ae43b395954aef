package io.aurora.sql.catalog;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The calls a node served per published endpoint ({@code system.endpoints}): counts of calls and of
 * failed ones since the node started, and latency percentiles over the last {@value #WINDOW} calls.
 * Kept in memory on the node that served the calls.
 */
public final class EndpointStatistics {
  /** Latency percentiles are taken over this many most recent calls. */
  static final int WINDOW = 4096;

  private final ConcurrentMap<String, Calls> byEndpoint = new ConcurrentHashMap<>();

  /** What one endpoint's calls add up to, as of the moment it was taken. */
  public record Summary(long calls, long errors, double p50Millis, double p99Millis) {}

  /** Records one call of {@code endpoint} that took {@code nanos} and failed or not. */
  public void record(String endpoint, long nanos, boolean isError) {
    byEndpoint.computeIfAbsent(endpoint, name -> new Calls()).record(nanos, isError);
  }

  /** The summary of an endpoint's calls; zeros (and NaN percentiles) when it had none. */
  public Summary summary(String endpoint) {
    Calls calls = byEndpoint.get(endpoint);
    return calls == null ? new Summary(0, 0, Double.NaN, Double.NaN) : calls.summary();
  }

  /** Forgets an endpoint's calls (it was dropped). */
  public void forget(String endpoint) {
    byEndpoint.remove(endpoint);
  }

  private static final class Calls {
    private final long[] recent = new long[WINDOW];
    private long calls;
    private long errors;

    synchronized void record(long nanos, boolean isError) {
      recent[(int) (calls % WINDOW)] = nanos;
      calls++;
      if (isError) {
        errors++;
      }
    }

    synchronized Summary summary() {
      int count = (int) Math.min(calls, WINDOW);
      long[] sorted = Arrays.copyOf(recent, count);
      Arrays.sort(sorted);
      return new Summary(calls, errors, percentile(sorted, 0.5), percentile(sorted, 0.99));
    }

    /** The nearest-rank percentile, in milliseconds. */
    private static double percentile(long[] sorted, double fraction) {
      if (sorted.length == 0) {
        return Double.NaN;
      }
      int rank = (int) Math.ceil(fraction * sorted.length) - 1;
      return sorted[Math.max(0, rank)] / 1e6;
    }
  }
}
