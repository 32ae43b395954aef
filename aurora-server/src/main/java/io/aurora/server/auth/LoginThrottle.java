package io.aurora.server.auth;

import java.net.InetAddress;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Limits failed logins per client address: after {@code maxFailures} failures within a window,
 * further attempts from that address are refused before they authenticate until the window ends.
 * This slows a password guesser to {@code maxFailures} guesses per window and address, and keeps it
 * from spending the server's time, while other addresses log in as usual. A success clears the
 * address's count. Thread-safe; the table is pruned of ended windows as it grows, so a scan of many
 * addresses cannot exhaust memory.
 */
public final class LoginThrottle {
  private static final int PRUNE_AT = 10_000;

  private final int maxFailures;
  private final long windowNanos;
  private final LongSupplier clock;
  private final Map<InetAddress, Window> windows = new ConcurrentHashMap<>();

  private record Window(long startNanos, int failures) {}

  /**
   * @param maxFailures failures allowed per window and address; 0 turns the limit off
   */
  public LoginThrottle(int maxFailures, long windowNanos, LongSupplier clock) {
    if (maxFailures < 0 || windowNanos <= 0) {
      throw new IllegalArgumentException("maxFailures must be >= 0 and windowNanos positive");
    }
    this.maxFailures = maxFailures;
    this.windowNanos = windowNanos;
    this.clock = clock;
  }

  /** Whether {@code address} has used up its failures for the current window. */
  public boolean isBlocked(InetAddress address) {
    if (maxFailures == 0) {
      return false;
    }
    Window window = windows.get(address);
    return window != null
        && clock.getAsLong() - window.startNanos() < windowNanos
        && window.failures() >= maxFailures;
  }

  /** Counts a failed login from {@code address}; returns the failures in its window so far. */
  public int failed(InetAddress address) {
    if (maxFailures == 0) {
      return 0;
    }
    long now = clock.getAsLong();
    if (windows.size() >= PRUNE_AT) {
      prune(now);
    }
    return windows
        .compute(
            address,
            (key, window) ->
                window == null || now - window.startNanos() >= windowNanos
                    ? new Window(now, 1)
                    : new Window(window.startNanos(), window.failures() + 1))
        .failures();
  }

  /** A login from {@code address} succeeded: its count starts again. */
  public void succeeded(InetAddress address) {
    windows.remove(address);
  }

  private void prune(long now) {
    for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
      if (now - it.next().startNanos() >= windowNanos) {
        it.remove();
      }
    }
  }
}
