package io.switchboard.gateway;

/**
 * A token bucket: {@code ratePerSecond} sustained with bursts up to {@code burst}. Plain Java; time is passed in
 * so tests control it.
 */
public final class RateLimiter {

  private final double ratePerNano;
  private final double burst;
  private double tokens;
  private long lastRefillNanos;

  public RateLimiter(int ratePerSecond, int burst, long nowNanos) {
    this.ratePerNano = ratePerSecond / 1_000_000_000.0;
    this.burst = burst;
    this.tokens = burst;
    this.lastRefillNanos = nowNanos;
  }

  /** Takes one token if available. */
  public boolean tryAcquire(long nowNanos) {
    refill(nowNanos);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** Milliseconds until one token will be available (0 if one is). */
  public long millisUntilNext(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / ratePerNano / 1_000_000.0);
  }

  private void refill(long nowNanos) {
    long elapsed = Math.max(0, nowNanos - lastRefillNanos);
    tokens = Math.min(burst, tokens + elapsed * ratePerNano);
    lastRefillNanos = nowNanos;
  }
}
