package io.switchboard.handoff;

/**
 * Queue priority: frustration and waiting time, with aging so that nobody starves. A hand-off re-queued because
 * its agent was lost goes before everything else. The same formula is evaluated in SQL by the dispatcher
 * ({@link HandoffRepository}); this class is its reference and what positions are computed with.
 *
 * <p>priority = (front ? {@value #FRONT_BONUS} : 0) + frustration × frustrationWeight + waitedMinutes × agingPerMinute
 *
 * <p>With the defaults (frustration weight 10, aging 1 per minute) a furious visitor (0.9) who just arrived ranks
 * like a calm one (0.1) who has waited 8 minutes: frustration jumps the queue, but only so far.
 */
public record PriorityPolicy(double frustrationWeight, double agingPerMinute) {

  public static final double FRONT_BONUS = 1_000_000;

  public double priority(double frustration, double waitedSeconds, boolean front) {
    return (front ? FRONT_BONUS : 0) + frustration * frustrationWeight + waitedSeconds / 60.0 * agingPerMinute;
  }
}
