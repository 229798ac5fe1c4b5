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

  /** How often waiting visitors' queue positions are refreshed. */
  private static final long POSITION_INTERVAL_MS = 2000;

  private final Set<VisitorSession> sessions = new LinkedHashSet<>();
  private final long idleTimeoutMs;
  private final Vertx vertx;
  private long timerId = -1;
  private static final int MAX_SLICES = 25;
  private final int slices;
  private int tick;

  private final io.switchboard.handoff.HandoffService handoffs;
  private long positionTimerId = -1;
  private boolean refreshing;

  SessionRegistry(Vertx vertx, long heartbeatIntervalMs, long idleTimeoutMs,
                  io.switchboard.handoff.HandoffService handoffs) {
    this.vertx = vertx;
    this.idleTimeoutMs = idleTimeoutMs;
    this.handoffs = handoffs;
    // One slice of the sessions per tick, each session once per heartbeat interval (ticks of at least 100 ms).
    this.slices = (int) Math.max(1, Math.min(MAX_SLICES, heartbeatIntervalMs / 100));
    this.timerId = vertx.setPeriodic(Math.max(1, heartbeatIntervalMs / slices), id -> sweep());
    this.positionTimerId = vertx.setPeriodic(POSITION_INTERVAL_MS, id -> refreshPositions());
  }

  /** One query for every waiting conversation; each waiting session gets its own place when it changed. */
  void refreshPositions() {
    if (refreshing || sessions.stream().noneMatch(VisitorSession::isWaiting)) {
      return;
    }
    refreshing = true;
    handoffs.positions()
        .onSuccess(positions -> {
          for (VisitorSession session : new ArrayList<>(sessions)) {
            var position = positions.get(session.conversationId());
            if (position != null && session.isWaiting()) {
              session.queuePosition(position);
            }
          }
        })
        .onComplete(ignored -> refreshing = false);
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
    ConnectionSweep.sweep(sessions, idleTimeoutMs, tick, slices);
    tick = (tick + 1) % slices;
  }

  /** Closes every session with "going away" so clients reconnect elsewhere and resume. */
  void closeAll() {
    vertx.cancelTimer(timerId);
    vertx.cancelTimer(positionTimerId);
    for (VisitorSession session : new ArrayList<>(sessions)) {
      session.close(CloseCodes.SHUTTING_DOWN, "server shutting down: reconnect and resume");
    }
    sessions.clear();
  }
}
