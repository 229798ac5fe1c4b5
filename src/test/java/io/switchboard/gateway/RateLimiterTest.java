package io.switchboard.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("RateLimiter: a token bucket with bursts; FloodGuard: refusals in a row close")
class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  @DisplayName("allows a burst, then refuses until tokens refill at the sustained rate")
  void burstThenRate() {
    RateLimiter limiter = new RateLimiter(2, 3, 0);
    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isTrue();
    assertThat(limiter.tryAcquire(0)).isFalse();
    assertThat(limiter.millisUntilNext(0)).isEqualTo(500);
    assertThat(limiter.tryAcquire(SECOND / 2)).isTrue();
    assertThat(limiter.tryAcquire(SECOND / 2)).isFalse();
  }

  @Test
  @DisplayName("the flood guard closes after N refusals in a row; an admitted frame starts the count again")
  void floodGuardCountsRefusalsInARow() {
    FloodGuard guard = new FloodGuard(1, 1, 3, 0);
    assertThat(guard.admit(0)).isEqualTo(FloodGuard.Verdict.ADMIT);
    assertThat(guard.admit(0)).isEqualTo(FloodGuard.Verdict.REFUSE);
    assertThat(guard.admit(0)).isEqualTo(FloodGuard.Verdict.REFUSE);
    assertThat(guard.millisUntilNext(0)).isEqualTo(1000);
    assertThat(guard.admit(SECOND)).as("the client backed off").isEqualTo(FloodGuard.Verdict.ADMIT);
    assertThat(guard.admit(SECOND)).isEqualTo(FloodGuard.Verdict.REFUSE);
    assertThat(guard.admit(SECOND)).isEqualTo(FloodGuard.Verdict.REFUSE);
    assertThat(guard.admit(SECOND)).isEqualTo(FloodGuard.Verdict.CLOSE);
  }

  @Test
  @DisplayName("never accumulates more than the burst")
  void cappedAtBurst() {
    RateLimiter limiter = new RateLimiter(10, 2, 0);
    long later = 100 * SECOND;
    assertThat(limiter.tryAcquire(later)).isTrue();
    assertThat(limiter.tryAcquire(later)).isTrue();
    assertThat(limiter.tryAcquire(later)).isFalse();
  }
}
