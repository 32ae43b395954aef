package io.aurora.server.auth;

import io.aurora.sql.access.ApiToken;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The requests per second each API token may make on this node ({@code CREATE TOKEN ... WITH
 * (requests_per_second = n)}), over HTTP and gRPC together: a token bucket per token that holds up
 * to one second's worth of requests and refills continuously. A token created again under the same
 * name starts with a full bucket.
 */
public final class TokenRateLimiter {
  private final LongSupplier clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double available;
    long lastNanos;

    Bucket(double available, long lastNanos) {
      this.available = available;
      this.lastNanos = lastNanos;
    }
  }

  public TokenRateLimiter(LongSupplier clock) {
    this.clock = clock;
  }

  /** Takes one request from the token's allowance; false when it has none left now. */
  public boolean tryAcquire(ApiToken token) {
    int rate = token.requestsPerSecond();
    if (rate == 0) {
      return true;
    }
    long now = clock.getAsLong();
    Bucket bucket =
        buckets.computeIfAbsent(
            token.name() + "\0" + token.createdMicros(), key -> new Bucket(rate, now));
    synchronized (bucket) {
      double refilled = (now - bucket.lastNanos) * (rate / 1e9);
      bucket.available = Math.min(rate, bucket.available + refilled);
      bucket.lastNanos = now;
      if (bucket.available >= 1) {
        bucket.available -= 1;
        return true;
      }
      return false;
    }
  }
}
