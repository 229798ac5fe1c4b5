package io.switchboard.handoff;

/**
 * An honest estimate of a waiting visitor's wait: if free capacity covers everyone ahead, the next offer is
 * imminent; otherwise those beyond the free slots wait for chats to end, at the pace the online agents have been
 * closing them recently.
 */
public final class WaitEstimator {

  private WaitEstimator() {
  }

  /**
   * @param position 1-based place in the queue
   * @param freeSlots free chat slots among available agents who can take this queue
   * @param busySlots chats those agents are handling now
   * @param averageHandleSeconds recent average time from assignment to close
   * @return estimated seconds, or -1 when nobody who can take the queue is online
   */
  public static long estimateSeconds(int position, int freeSlots, int busySlots, double averageHandleSeconds) {
    if (freeSlots + busySlots <= 0) {
      return -1;
    }
    int beyondFree = position - freeSlots;
    if (beyondFree <= 0) {
      return 0;
    }
    // Chats end, on average, every averageHandleSeconds / busySlots seconds across the team.
    double secondsPerFreedSlot = averageHandleSeconds / Math.max(1, busySlots);
    return Math.round(beyondFree * secondsPerFreedSlot);
  }
}
