package io.switchboard.gateway;

/**
 * Admission of the frames that store something, judged on arrival (not in turn, so a slow database does not make
 * a flood look slower): a token bucket, and a close after too many refusals in a row. A client that backs off
 * after a refusal starts counting again.
 */
public final class FloodGuard {

  /** What to do with an arriving frame. */
  public enum Verdict { ADMIT, REFUSE, CLOSE }

  private final RateLimiter limiter;
  private final int refusalsBeforeClose;
  private int refusalsInARow;

  public FloodGuard(int perSecond, int burst, int refusalsBeforeClose, long nowNanos) {
    this.limiter = new RateLimiter(perSecond, burst, nowNanos);
    this.refusalsBeforeClose = refusalsBeforeClose;
  }

  public Verdict admit(long nowNanos) {
    if (limiter.tryAcquire(nowNanos)) {
      refusalsInARow = 0;
      return Verdict.ADMIT;
    }
    refusalsInARow++;
    return refusalsInARow >= refusalsBeforeClose ? Verdict.CLOSE : Verdict.REFUSE;
  }

  /** For a refused frame's {@code retryAfterMs}. */
  public long millisUntilNext(long nowNanos) {
    return limiter.millisUntilNext(nowNanos);
  }
}
