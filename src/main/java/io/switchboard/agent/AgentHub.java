package io.switchboard.agent;

import io.switchboard.bus.Addresses;
import io.switchboard.gateway.CloseCodes;
import io.switchboard.gateway.ConnectionSweep;
import io.switchboard.handoff.HandoffService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The agent sessions of one gateway verticle and what they share: one presence heartbeat for every agent
 * connected here (devices merge, as presence is one row per agent), one ping/idle sweep, and one coalesced refresh
 * of the live queue and supervisor wallboard that fans out to every session, so a burst of queue changes costs one
 * query per node rather than one per agent.
 */
final class AgentHub {

  private static final Logger LOG = LoggerFactory.getLogger(AgentHub.class);
  /** Live views are refreshed at most this often, however many changes arrive. */
  static final long MIN_REFRESH_INTERVAL_MS = 250;
  /** Views are also refreshed this often without changes: bus delivery is at-most-once and waits grow. */
  private static final long SAFETY_REFRESH_MS = 5000;

  private final Vertx vertx;
  private final HandoffService handoffs;
  private final long idleTimeoutMs;
  private final Set<AgentSession> sessions = new LinkedHashSet<>();
  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final List<Long> timers = new ArrayList<>();
  private boolean refreshPending;
  private boolean refreshScheduled;
  private boolean refreshing;
  private long lastRefreshMillis;
  private boolean heartbeating;

  AgentHub(Vertx vertx, HandoffService handoffs, long presenceHeartbeatMs, long pingIntervalMs, long idleTimeoutMs) {
    this.vertx = vertx;
    this.handoffs = handoffs;
    this.idleTimeoutMs = idleTimeoutMs;
    consumers.add(vertx.eventBus().consumer(Addresses.QUEUE_CHANGED, message -> requestRefresh()));
    consumers.add(vertx.eventBus().consumer(Addresses.FRUSTRATION_SCORED, message -> onScored(message.body())));
    timers.add(vertx.setPeriodic(presenceHeartbeatMs, id -> heartbeat()));
    timers.add(vertx.setPeriodic(pingIntervalMs, id -> sweep()));
    timers.add(vertx.setPeriodic(SAFETY_REFRESH_MS, id -> requestRefresh()));
  }

  /** Completes when the hub's consumers are registered across the cluster. */
  Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  void add(AgentSession session) {
    sessions.add(session);
  }

  void remove(AgentSession session) {
    sessions.remove(session);
  }

  int size() {
    return sessions.size();
  }

  /** Agents with at least one greeted connection on this verticle. */
  List<UUID> connectedAgents() {
    return sessions.stream().filter(AgentSession::isGreeted).map(AgentSession::agentId).distinct().toList();
  }

  private void heartbeat() {
    List<UUID> connected = connectedAgents();
    if (heartbeating || connected.isEmpty()) {
      return;
    }
    heartbeating = true;
    handoffs.heartbeat(connected)
        .onFailure(failure -> LOG.warn("Presence heartbeat of {} agent(s) failed: {}", connected.size(),
            failure.toString()))
        .onComplete(ignored -> heartbeating = false);
  }

  private void sweep() {
    ConnectionSweep.sweep(sessions, idleTimeoutMs);
  }

  private void onScored(JsonObject body) {
    UUID conversationId;
    try {
      conversationId = UUID.fromString(body.getString("conversationId"));
    } catch (RuntimeException e) {
      return;
    }
    for (AgentSession session : new ArrayList<>(sessions)) {
      session.frustrationScored(conversationId, body);
    }
    if (sessions.stream().anyMatch(AgentSession::watchesSupervisor)) {
      requestRefresh();
    }
  }

  // ---- coalesced refresh of live views ----

  /** Something changed: refresh every session's queue (and wallboards) soon, at most every 250 ms. */
  void requestRefresh() {
    refreshPending = true;
    if (refreshScheduled || refreshing || sessions.isEmpty()) {
      return;
    }
    refreshScheduled = true;
    long wait = Math.max(1, lastRefreshMillis + MIN_REFRESH_INTERVAL_MS - System.currentTimeMillis());
    vertx.setTimer(wait, id -> {
      refreshScheduled = false;
      refresh();
    });
  }

  private void refresh() {
    if (!refreshPending) {
      return;
    }
    refreshPending = false;
    refreshing = true;
    lastRefreshMillis = System.currentTimeMillis();
    boolean supervisors = sessions.stream().anyMatch(AgentSession::watchesSupervisor);
    Future<JsonArray> queue = handoffs.queueSnapshot();
    Future<JsonObject> board = supervisors ? handoffs.supervisorSnapshot() : Future.succeededFuture(null);
    Future.all(queue, board)
        .onSuccess(done -> {
          for (AgentSession session : new ArrayList<>(sessions)) {
            session.queue(queue.result());
            if (board.result() != null) {
              session.supervisor(board.result());
            }
          }
        })
        .onFailure(failure -> LOG.warn("Refreshing agents' live views failed: {}", failure.toString()))
        .onComplete(ignored -> {
          refreshing = false;
          if (refreshPending) {
            requestRefresh();
          }
        });
  }

  /** Closes every session with "going away" so consoles reconnect elsewhere and resume. */
  void closeAll() {
    timers.forEach(vertx::cancelTimer);
    consumers.forEach(MessageConsumer::unregister);
    for (AgentSession session : new ArrayList<>(sessions)) {
      session.close(CloseCodes.SHUTTING_DOWN, "server shutting down: reconnect and resume");
    }
    sessions.clear();
  }
}
