package io.switchboard.gateway;

import java.util.ArrayList;
import java.util.Collection;

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
    long now = System.currentTimeMillis();
    for (Swept session : new ArrayList<>(sessions)) {
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
