package io.switchboard.gateway;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The visitor sessions of one gateway verticle, and one periodic sweep over them instead of a timer per
 * connection: it pings every session (browsers answer pings with pongs by themselves) and closes those that have
 * sent nothing for the idle timeout.
 */
final class SessionRegistry {

  private final Set<VisitorSession> sessions = new LinkedHashSet<>();
  private final long idleTimeoutMs;
  private final Vertx vertx;
  private long timerId = -1;

  SessionRegistry(Vertx vertx, long heartbeatIntervalMs, long idleTimeoutMs) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutMs;
    this.timerId = vertx.setPeriodic(heartbeatIntervalMs, id -> sweep());
  }

  void add(VisitorSession session) {
    sessions.add(session);
  }

  void remove(VisitorSession session) {
    sessions.remove(session);
  }

  int size() {
    return sessions.size();
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (VisitorSession session : new ArrayList<>(sessions)) {
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

  /** Closes every session with "going away" so clients reconnect elsewhere and resume. */
  void closeAll() {
    vertx.cancelTimer(timerId);
    for (VisitorSession session : new ArrayList<>(sessions)) {
      session.close(CloseCodes.SHUTTING_DOWN, "server shutting down: reconnect and resume");
    }
    sessions.clear();
  }
}
