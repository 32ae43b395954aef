package io.aurora.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TestLoginThrottle {
  private static final long MINUTE = 60_000_000_000L;

  @Test
  void blocksAnAddressForTheRestOfItsWindowAfterTooManyFailures() throws Exception {
    AtomicLong now = new AtomicLong(1_000);
    LoginThrottle throttle = new LoginThrottle(3, MINUTE, now::get);
    InetAddress guesser = InetAddress.getByName("127.0.0.2");
    InetAddress other = InetAddress.getByName("127.0.0.3");
    assertThat(throttle.failed(guesser)).isEqualTo(1);
    assertThat(throttle.failed(guesser)).isEqualTo(2);
    assertThat(throttle.isBlocked(guesser)).isFalse();
    assertThat(throttle.failed(guesser)).isEqualTo(3);
    assertThat(throttle.isBlocked(guesser)).isTrue();
    assertThat(throttle.isBlocked(other)).as("other addresses log in as usual").isFalse();
    now.addAndGet(MINUTE - 1);
    assertThat(throttle.isBlocked(guesser)).isTrue();
    now.addAndGet(1);
    assertThat(throttle.isBlocked(guesser)).as("the window ended").isFalse();
    assertThat(throttle.failed(guesser)).as("a new window").isEqualTo(1);
  }

  @Test
  void aSuccessClearsTheCountAndZeroTurnsTheLimitOff() throws Exception {
    AtomicLong now = new AtomicLong();
    InetAddress address = InetAddress.getByName("127.0.0.2");
    LoginThrottle throttle = new LoginThrottle(2, MINUTE, now::get);
    throttle.failed(address);
    throttle.succeeded(address);
    throttle.failed(address);
    assertThat(throttle.isBlocked(address)).isFalse();
    LoginThrottle off = new LoginThrottle(0, MINUTE, now::get);
    for (int i = 0; i < 100; i++) {
      off.failed(address);
    }
    assertThat(off.isBlocked(address)).isFalse();
  }

  @Test
  void endedWindowsArePrunedAsTheTableGrows() throws Exception {
    AtomicLong now = new AtomicLong();
    LoginThrottle throttle = new LoginThrottle(1, MINUTE, now::get);
    byte[] bytes = {10, 0, 0, 0};
    for (int i = 0; i < 10_000; i++) {
      bytes[2] = (byte) (i >> 8);
      bytes[3] = (byte) i;
      throttle.failed(InetAddress.getByAddress(bytes));
    }
    now.addAndGet(MINUTE);
    InetAddress late = InetAddress.getByName("127.0.0.9");
    throttle.failed(late);
    assertThat(throttle.isBlocked(late)).isTrue();
    assertThat(throttle.isBlocked(InetAddress.getByAddress(new byte[] {10, 0, 0, 1}))).isFalse();
  }
}
