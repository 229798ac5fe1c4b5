package io.switchboard.gateway;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The periodic pass every node makes over its WebSocket sessions (visitors and agents alike), instead of a timer per
 * connection: forget closed sessions, close those that have sent nothing (not even a pong) for the idle timeout,
 * and ping the rest (browsers answer pings by themselves).
 */
public final class ConnectionSweep {

  /** A session the sweep looks after. */
  public interface Swept {
    boolean isOpen();

    long lastReadMillis();

    void close(short code, String reason);

    /** Sends a WebSocket ping. */
    void heartbeat();
  }

  private ConnectionSweep() {
  }

  /** One pass over {@code sessions}; closed and idle sessions are removed from it. */
  public static void sweep(Collection<? extends Swept> sessions, long idleTimeoutMs) {
    sweep(sessions, idleTimeoutMs, 0, 1);
  }

  /**
   * One pass over slice {@code slice} of {@code slices} of the sessions (each session always falls in the same
   * slice). Sweeping one slice per tick spreads the pings, and the pongs they bring back, over the heartbeat
   * interval: thousands of connections pinged in one go held the event loop, and every chat on it, for a moment.
   */
  public static void sweep(Collection<? extends Swept> sessions, long idleTimeoutMs, int slice, int slices) {
    long now = System.currentTimeMillis();
    // Only this slice is copied: closing a session may remove it from the collection while we go.
    List<Swept> due = new ArrayList<>();
    for (Swept session : sessions) {
      if (slices <= 1 || Math.floorMod(System.identityHashCode(session), slices) == slice) {
        due.add(session);
      }
    }
    for (Swept session : due) {
      if (!session.isOpen()) {
        sessions.remove(session);
      } else if (now - session.lastReadMillis() > idleTimeoutMs) {
        session.close(CloseCodes.IDLE_TIMEOUT, "idle timeout: nothing received for " + idleTimeoutMs + " ms");
        sessions.remove(session);
      } else {
        session.heartbeat();
      }
    }
  }
}
