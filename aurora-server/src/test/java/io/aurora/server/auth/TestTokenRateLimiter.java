package io.aurora.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurora.sql.access.ApiToken;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestTokenRateLimiter {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void allowsASecondsWorthAtOnceThenRefillsAtTheRate() {
    AtomicLong now = new AtomicLong(5 * SECOND);
    TokenRateLimiter limiter = new TokenRateLimiter(now::get);
    ApiToken token = new ApiToken("ci", "alice", "00", 1, 0, 4);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAcquire(token)).as("request %d", i).isTrue();
    }
    assertThat(limiter.tryAcquire(token)).isFalse();
    now.addAndGet(SECOND / 4);
    assertThat(limiter.tryAcquire(token)).as("a quarter second refills one").isTrue();
    assertThat(limiter.tryAcquire(token)).isFalse();
    now.addAndGet(10 * SECOND);
    for (int i = 0; i < 4; i++) {
      assertThat(limiter.tryAcquire(token)).as("never more than a second's worth").isTrue();
    }
    assertThat(limiter.tryAcquire(token)).isFalse();
  }

  @Test
  void tokensWithoutALimitAndOtherTokensAreNotHeldBack() {
    AtomicLong now = new AtomicLong();
    TokenRateLimiter limiter = new TokenRateLimiter(now::get);
    ApiToken limited = new ApiToken("a", "alice", "00", 1, 0, 1);
    ApiToken free = new ApiToken("b", "alice", "00", 1, 0, 0);
    assertThat(limiter.tryAcquire(limited)).isTrue();
    assertThat(limiter.tryAcquire(limited)).isFalse();
    for (int i = 0; i < 1000; i++) {
      assertThat(limiter.tryAcquire(free)).isTrue();
    }
    ApiToken recreated = new ApiToken("a", "alice", "00", 2, 0, 1);
    assertThat(limiter.tryAcquire(recreated)).as("a new token of the same name").isTrue();
  }
}
