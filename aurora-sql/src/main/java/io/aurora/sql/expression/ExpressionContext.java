package io.aurora.sql.expression;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * What an expression may read from the query it runs in: the query's start time, which {@code
 * CURRENT_TIMESTAMP}, {@code now()} and {@code CURRENT_DATE} return for every row (PostgreSQL fixes
 * them at transaction start), and the session time zone used for {@code CURRENT_DATE}.
 *
 * @param queryStartMicros microseconds since 1970-01-01T00:00:00Z
 * @param timeZone the session time zone; timestamps themselves are always UTC
 */
public record ExpressionContext(long queryStartMicros, ZoneId timeZone) {
  public ExpressionContext {
    requireNonNull(timeZone, "timeZone is null");
  }

  /** A context for a query starting now, in UTC. */
  public static ExpressionContext startingNow() {
    Instant now = Instant.now();
    return new ExpressionContext(
        Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1000),
        ZoneOffset.UTC);
  }
}
