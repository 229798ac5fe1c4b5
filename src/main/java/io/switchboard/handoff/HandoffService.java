package io.switchboard.handoff;

import io.switchboard.bus.Addresses;
import io.switchboard.chat.ConversationLog;
import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.NewEvent;
import io.switchboard.persistence.ConversationRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Hand-offs from the bot to humans, cluster-wide. Every state change is one PostgreSQL transaction that updates the
 * hand-off row, sets the conversation's status and appends the matching sequenced status event; events and agent
 * notifications go out only after commit. Any node may call any method at any time: row locks decide, so exactly
 * one agent gets each hand-off and nobody exceeds capacity.
 */
public final class HandoffService {

  private static final Logger LOG = LoggerFactory.getLogger(HandoffService.class);
  /** Offers made per dispatch round on one node, so one round never holds the event loop for long. */
  private static final int MAX_OFFERS_PER_ROUND = 50;
  /** A request for a person older than this without a hand-off is escalated by the sweep (the fast path failed). */
  private static final long PENDING_ESCALATION_GRACE_MS = 2000;
  /** Candidates tried for one hand-off when the best turns out to be full once locked (another node was faster). */
  private static final int MAX_AGENT_RECHECKS = 5;

  /** A failed agent action, with a code for the protocol's error frame. */
  public static final class HandoffException extends RuntimeException {
    private final String code;

    public HandoffException(String code, String message) {
      super(message, null, false, false);
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  private final Pool pool;
  private final HandoffRepository handoffs = new HandoffRepository();
  private final ConversationRepository conversations;
  private final ConversationLog log;
  private final EventBus eventBus;
  private final HandoffSettings settings;
  private final PacketBuilder packets;

  public HandoffService(Pool pool, ConversationRepository conversations, ConversationLog log, EventBus eventBus,
                        HandoffSettings settings) {
    this.pool = pool;
    this.conversations = conversations;
    this.log = log;
    this.eventBus = eventBus;
    this.settings = settings;
    this.packets = new PacketBuilder(pool, conversations);
  }

  public HandoffSettings settings() {
    return settings;
  }

  // ---- escalation ----

  /**
   * Hands a conversation to humans: queued in the queue matching its language and skill, or offline at once when
   * no agent who speaks the language is available. A conversation that already has a live hand-off is left alone
   * (empty result), so every node may react to the same trigger.
   */
  public Future<Optional<Handoff>> escalate(UUID conversationId, String reason, String skill) {
    return conversations.find(conversationId)
        .compose(found -> found.isPresent() && "open".equals(found.get().status())
            ? escalateOpen(conversationId, reason, skill)
            : conversations.clearEscalationRequest(pool, conversationId).map(Optional.<Handoff>empty()));
  }

  private Future<Optional<Handoff>> escalateOpen(UUID conversationId, String reason, String skill) {
    return packets.build(conversationId, reason)
        .compose(packet -> {
          String language = packet.getString("language", "en");
          double frustration = packet.getJsonObject("frustration").getDouble("current", 0.0);
          List<ConversationEvent> events = new ArrayList<>();
          return pool.withTransaction(tx -> handoffs.chooseQueue(tx, language, skill)
                  .map(queue -> queue == null ? "general" : queue)
                  .compose(queue -> handoffs.insertQueued(tx, conversationId, queue, reason, language, skill,
                      frustration, packet))
                  .compose(inserted -> conversations.clearEscalationRequest(tx, conversationId).map(inserted))
                  .compose(inserted -> inserted.isEmpty() ? Future.succeededFuture(inserted)
                      : queuedOrOffline(tx, inserted.get(), events).map(Optional::of)))
              .onSuccess(done -> {
                events.forEach(log::announce);
                if (done.isPresent()) {
                  LOG.info("Conversation {} handed off ({}): {}", conversationId, reason, done.get().state().code());
                  changed();
                }
              });
        });
  }

  private Future<Handoff> queuedOrOffline(SqlConnection tx, Handoff queued, List<ConversationEvent> events) {
    return handoffs.anyAgentFor(tx, queued.language(), settings.agentGraceMs())
        .compose(anyone -> anyone
            ? status(tx, queued.conversationId(), "queued", new JsonObject().put("reason", queued.reason())
                .put("queue", queued.queueId()).put("handoffId", queued.id().toString()), events).map(queued)
            : handoffs.markOffline(tx, queued.id(), "no_agents").compose(offline ->
                status(tx, queued.conversationId(), "offline", new JsonObject().put("reason", "no_agents")
                    .put("handoffId", queued.id().toString()), events).map(offline.orElse(queued))));
  }

  /** A waiting visitor's frustration moved: their priority follows. */
  public Future<Boolean> frustrationChanged(UUID conversationId, double level) {
    return handoffs.updateFrustration(pool, conversationId, level)
        .onSuccess(changed -> {
          if (changed) {
            changed();
          }
        });
  }

  // ---- dispatching ----

  /**
   * Offers waiting hand-offs to the best available agents, highest priority first, until no more can be
   * matched. Safe to run on every node at once.
   */
  public Future<Integer> dispatch() {
    return dispatchFrom(new ArrayList<>(), new ArrayList<>(), 0, false);
  }

  /**
   * One dispatch step per transaction. Hand-offs nobody could take are skipped for the rest of the round; but
   * when a lower-priority one then finds an agent, capacity may have been freed since the skipped ones were
   * looked at (a chat closed mid-round), so the round looks at them once more before offering (rolling the
   * offer back), lest a calmer or newer visitor overtake them.
   */
  private Future<Integer> dispatchFrom(List<UUID> unmatched, List<String> exhausted, int offered, boolean rechecked) {
    if (offered >= MAX_OFFERS_PER_ROUND) {
      return Future.succeededFuture(offered);
    }
    List<ConversationEvent> events = new ArrayList<>();
    boolean recheckFirst = !rechecked && !unmatched.isEmpty();
    return pool.withTransaction(tx -> handoffs.lockBestWaiting(tx, settings.priority(), unmatched, exhausted)
            .compose(waiting -> waiting.isEmpty() ? Future.succeededFuture(Step.DONE)
                : offerToBestAgent(tx, waiting.get(), events, recheckFirst)))
        .recover(failure -> failure == RecheckSkipped.INSTANCE ? Future.succeededFuture(Step.RECHECK)
            : Future.failedFuture(failure))
        .compose(step -> {
          if (step == Step.RECHECK) {
            unmatched.clear();
            exhausted.clear();
            return dispatchFrom(unmatched, exhausted, offered, true);
          }
          events.forEach(log::announce);
          if (step == Step.DONE) {
            return Future.succeededFuture(offered);
          }
          if (step.unmatched != null) {
            unmatched.add(step.unmatched.id());
            // Nobody can take this language now: skip its other hand-offs for the rest of the round rather than
            // walking a long queue one transaction at a time.
            return handoffs.capacity(pool, step.unmatched.language(), settings.agentGraceMs())
                .compose(capacity -> {
                  if (capacity.freeSlots() == 0) {
                    exhausted.add(step.unmatched.language());
                  }
                  return dispatchFrom(unmatched, exhausted, offered, rechecked);
                });
          }
          notifyOffer(step.offer);
          changed();
          return dispatchFrom(unmatched, exhausted, offered + 1, rechecked);
        });
  }

  /**
   * The outcome of one dispatch step: done, a hand-off nobody can take now, an offer made, or (compared by
   * identity) a request to look at the skipped hand-offs again first.
   */
  private record Step(Handoff unmatched, Offer offer) {
    static final Step DONE = new Step(null, null);
    static final Step RECHECK = new Step(null, null);
  }

  /** Rolls a dispatch step back so that skipped hand-offs of higher priority are looked at again. */
  private static final class RecheckSkipped extends RuntimeException {
    static final RecheckSkipped INSTANCE = new RecheckSkipped();

    private RecheckSkipped() {
      super("skipped hand-offs are looked at again before a lower-priority offer", null, false, false);
    }
  }

  /** An offer made to an agent. */
  private record Offer(Handoff handoff, UUID agentId, String agentName) {
  }

  private Future<Step> offerToBestAgent(SqlConnection tx, Handoff waiting, List<ConversationEvent> events,
                                        boolean recheckFirst) {
    return handoffs.declinedBy(tx, waiting.id())
        .compose(declined -> handoffs.lastOfferedTo(tx, waiting.id())
            .compose(last -> lockAgentWithRoom(tx, waiting, new ArrayList<>(declined), last, 0)))
        .compose(match -> {
          if (match.isEmpty()) {
            return Future.succeededFuture(new Step(waiting, null));
          }
          if (recheckFirst) {
            return Future.failedFuture(RecheckSkipped.INSTANCE);
          }
          UUID agent = match.get().agentId();
          return handoffs.offer(tx, waiting.id(), agent, settings.offerTimeoutMs())
              .compose(offeredRow -> status(tx, waiting.conversationId(), "offered", new JsonObject()
                  .put("handoffId", waiting.id().toString()), events)
                  .map(ignored -> new Step(null, new Offer(offeredRow, agent, match.get().agentName()))));
        });
  }

  /**
   * The best agent for a hand-off whose room is confirmed after their row is locked. The candidate query counts
   * load in the snapshot it started with; if another node committed a chat to that agent before the lock was
   * taken, the recount (a new statement, so a new snapshot) sees it, and the next candidate is tried.
   */
  private Future<Optional<HandoffRepository.Match>> lockAgentWithRoom(SqlConnection tx, Handoff waiting,
                                                                      List<UUID> excluded, UUID last, int tries) {
    return handoffs.lockBestAgent(tx, waiting, excluded, last, settings.agentGraceMs())
        .compose(match -> match.isEmpty() ? Future.succeededFuture(match)
            : handoffs.lockAgentLoad(tx, match.get().agentId()).compose(load -> {
              if (load.isPresent() && load.get()[0] < load.get()[1]) {
                return Future.succeededFuture(match);
              }
              if (tries + 1 >= MAX_AGENT_RECHECKS) {
                return Future.succeededFuture(Optional.empty());
              }
              excluded.add(match.get().agentId());
              return lockAgentWithRoom(tx, waiting, excluded, last, tries + 1);
            }));
  }

  private void notifyOffer(Offer offer) {
    Instant now = Instant.now();
    eventBus.publish(Addresses.agent(offer.agentId()), new JsonObject()
        .put("type", "offer")
        .put("handoff", offer.handoff().toJson(now))
        .put("packet", withWaited(offer.handoff(), now)));
  }

  private static JsonObject withWaited(Handoff handoff, Instant now) {
    return handoff.packet().copy()
        .put("waitedSeconds", Math.max(0, now.getEpochSecond() - handoff.enqueuedAt().getEpochSecond()));
  }

  // ---- agent actions ----

  public Future<Handoff> accept(UUID handoffId, UUID agentId, String agentName) {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.accept(tx, handoffId, agentId)
            .compose(accepted -> accepted.isPresent()
                ? assignedStatus(tx, accepted.get(), agentId, agentName, events)
                : Future.failedFuture(new HandoffException("offer_gone",
                    "hand-off " + handoffId + " is no longer offered to you (expired, revoked or taken)"))))
        .onSuccess(assigned -> afterAssignment(assigned, agentId, events));
  }

  public Future<Handoff> decline(UUID handoffId, UUID agentId) {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.decline(tx, handoffId, agentId)
            .compose(declined -> declined.isPresent()
                ? status(tx, declined.get().conversationId(), "queued", new JsonObject()
                    .put("reason", "declined").put("handoffId", handoffId.toString()), events).map(declined.get())
                : Future.failedFuture(new HandoffException("offer_gone",
                    "hand-off " + handoffId + " is not offered to you"))))
        .onSuccess(declined -> {
          events.forEach(log::announce);
          changed();
        });
  }

  /** Takes a waiting (or offline) hand-off from the queue by hand, within the agent's capacity. */
  public Future<Handoff> pick(UUID handoffId, UUID agentId, String agentName) {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.lockAgentLoad(tx, agentId)
            .compose(load -> {
              if (load.isEmpty()) {
                return Future.failedFuture(new HandoffException("not_an_agent", "you have no agent profile"));
              }
              if (load.get()[0] >= load.get()[1]) {
                return Future.failedFuture(new HandoffException("at_capacity",
                    "you already have " + load.get()[0] + " of " + load.get()[1] + " chats"));
              }
              return handoffs.pick(tx, handoffId, agentId);
            })
            .compose(picked -> picked.isPresent()
                ? assignedStatus(tx, picked.get(), agentId, agentName, events)
                : Future.failedFuture(new HandoffException("not_waiting",
                    "hand-off " + handoffId + " is not waiting (taken or closed)"))))
        .onSuccess(assigned -> afterAssignment(assigned, agentId, events));
  }

  private Future<Handoff> assignedStatus(SqlConnection tx, Handoff assigned, UUID agentId, String agentName,
                                         List<ConversationEvent> events) {
    return status(tx, assigned.conversationId(), "assigned", new JsonObject()
        .put("handoffId", assigned.id().toString())
        .put("agent", new JsonObject().put("id", agentId.toString()).put("name", agentName)), events)
        .map(assigned);
  }

  private void afterAssignment(Handoff assigned, UUID agentId, List<ConversationEvent> events) {
    events.forEach(log::announce);
    eventBus.publish(Addresses.agent(agentId), new JsonObject().put("type", "assigned")
        .put("handoff", assigned.toJson(Instant.now())).put("packet", withWaited(assigned, Instant.now())));
    changed();
  }

  /** Sends an owned conversation back to a queue (with a note for the next agent). */
  public Future<Handoff> transferToQueue(UUID conversationId, UUID agentId, String queueId, String note) {
    List<ConversationEvent> events = new ArrayList<>();
    JsonObject patch = transferPatch(agentId, "queue:" + queueId, note);
    return pool.withTransaction(tx -> owned(tx, conversationId, agentId)
            .compose(handoff -> handoffs.queueExists(tx, queueId).compose(exists -> exists
                ? handoffs.requeue(tx, handoff.id(), queueId, false, patch)
                : Future.failedFuture(new HandoffException("no_such_queue", "no queue '" + queueId + "'"))))
            .compose(requeued -> status(tx, conversationId, "queued", new JsonObject().put("reason", "transfer")
                .put("queue", queueId).put("handoffId", requeued.id().toString()), events).map(requeued)))
        .onSuccess(done -> {
          events.forEach(log::announce);
          eventBus.publish(Addresses.agent(agentId), new JsonObject().put("type", "unassigned")
              .put("conversationId", conversationId.toString()).put("reason", "transferred"));
          changed();
        });
  }

  /** Offers an owned conversation to a named colleague; if they decline or let it expire it returns to the queue. */
  public Future<Handoff> transferToAgent(UUID conversationId, UUID agentId, UUID toAgentId, String note) {
    List<ConversationEvent> events = new ArrayList<>();
    JsonObject patch = transferPatch(agentId, "agent:" + toAgentId, note);
    return pool.withTransaction(tx -> owned(tx, conversationId, agentId)
            .compose(handoff -> handoffs.lockAgentLoad(tx, toAgentId).compose(load -> {
              if (load.isEmpty() || load.get()[0] >= load.get()[1]) {
                return Future.failedFuture(new HandoffException("agent_unavailable",
                    "agent " + toAgentId + " has no free capacity"));
              }
              return handoffs.offerTo(tx, handoff.id(), toAgentId, settings.offerTimeoutMs(), patch);
            }))
            .compose(offered -> status(tx, conversationId, "offered", new JsonObject().put("reason", "transfer")
                .put("handoffId", offered.id().toString()), events).map(offered)))
        .onSuccess(offered -> {
          events.forEach(log::announce);
          eventBus.publish(Addresses.agent(agentId), new JsonObject().put("type", "unassigned")
              .put("conversationId", conversationId.toString()).put("reason", "transferred"));
          notifyOffer(new Offer(offered, toAgentId, null));
          changed();
        });
  }

  private JsonObject transferPatch(UUID fromAgent, String to, String note) {
    return new JsonObject().put("lastTransfer", new JsonObject().put("from", fromAgent.toString()).put("to", to)
        .put("note", note).put("at", Instant.now().toString()));
  }

  /** Ends the chat with a resolution: the visitor sees it closed (and the survey); the agent wraps up. */
  public Future<Handoff> close(UUID conversationId, UUID agentId, String resolution) {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> owned(tx, conversationId, agentId)
            .compose(handoff -> handoffs.wrapUp(tx, handoff.id(), resolution))
            .compose(wrapped -> status(tx, conversationId, "closed", new JsonObject()
                .put("resolution", resolution).put("handoffId", wrapped.id().toString()), events).map(wrapped)))
        .onSuccess(done -> {
          events.forEach(log::announce);
          changed();
        });
  }

  /** Finishes the agent's wrap-ups (and any that outlived the wrap-up time). */
  public Future<Integer> finishWrapUp(UUID agentId) {
    return handoffs.finishWrapUps(pool, agentId, settings.wrapUpMs());
  }

  /** The visitor's message and e-mail for a follow-up when nobody was available. */
  public Future<Optional<Handoff>> leaveOfflineMessage(UUID conversationId, String message, String email) {
    return handoffs.leaveOfflineMessage(pool, conversationId, message, email)
        .onSuccess(done -> changed());
  }

  private Future<Handoff> owned(SqlConnection tx, UUID conversationId, UUID agentId) {
    return handoffs.lockOwned(tx, conversationId, agentId)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
            : Future.failedFuture(new HandoffException("not_owner",
                "conversation " + conversationId + " is not assigned to you")));
  }

  // ---- presence ----

  public Future<Void> setAvailability(UUID agentId, boolean available) {
    return handoffs.ensureAgent(pool, agentId)
        .compose(ignored -> handoffs.setAvailable(pool, agentId, available))
        .onSuccess(ignored -> changed());
  }

  /** Refreshes the presence of agents connected to this node. */
  public Future<Void> heartbeat(List<UUID> agentIds) {
    return agentIds.isEmpty() ? Future.succeededFuture() : handoffs.heartbeat(pool, agentIds);
  }

  public Future<Void> ensureAgent(UUID agentId) {
    return handoffs.ensureAgent(pool, agentId);
  }

  // ---- sweeps ----

  /**
   * Acts on every timer that has run out, whoever set it: expired offers go to the next agent (and the agent who
   * missed one is set to away), chats of agents gone longer than the grace period go back to the front of the
   * queue, and hand-offs past their queue's maximum wait go offline.
   */
  public Future<Void> sweep() {
    return escalatePending()
        .compose(ignored -> expireOffers())
        .compose(ignored -> requeueLostAgents())
        .compose(ignored -> offlineOverdue());
  }

  /** Requests for a person whose escalation was lost with a node (the fast path is the event bus). */
  private Future<Void> escalatePending() {
    return conversations.pendingEscalations(PENDING_ESCALATION_GRACE_MS, MAX_OFFERS_PER_ROUND)
        .compose(pending -> {
          Future<Void> chain = Future.succeededFuture();
          for (UUID conversationId : pending) {
            chain = chain.compose(ignored -> conversations.pendingEscalationReason(conversationId))
                .compose(reason -> reason.isEmpty() ? Future.succeededFuture()
                    : escalate(conversationId, reason.get(), null).mapEmpty());
          }
          return chain;
        });
  }

  private Future<Void> expireOffers() {
    List<ConversationEvent> events = new ArrayList<>();
    List<HandoffRepository.Missed> expired = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.expireOffers(tx)
            .compose(missed -> {
              expired.addAll(missed);
              List<UUID> away = missed.stream().map(HandoffRepository.Missed::agentId).distinct().toList();
              Future<Void> chain = away.isEmpty() ? Future.succeededFuture() : handoffs.setAway(tx, away);
              for (HandoffRepository.Missed one : missed) {
                chain = chain.compose(ignored -> status(tx, one.handoff().conversationId(), "queued",
                    new JsonObject().put("reason", "offer_expired").put("handoffId", one.handoff().id().toString()),
                    events).mapEmpty());
              }
              return chain;
            }))
        .onSuccess(ignored -> {
          events.forEach(log::announce);
          for (HandoffRepository.Missed one : expired) {
            eventBus.publish(Addresses.agent(one.agentId()), new JsonObject().put("type", "offer_revoked")
                .put("handoffId", one.handoff().id().toString()).put("reason", "expired")
                .put("available", false));
          }
          if (!expired.isEmpty()) {
            changed();
          }
        });
  }

  private Future<Void> requeueLostAgents() {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.requeueFromLostAgents(tx, settings.agentGraceMs())
            .compose(requeued -> {
              Future<Void> chain = handoffs.markLostAgentsAway(tx, settings.agentGraceMs());
              for (Handoff one : requeued) {
                chain = chain.compose(ignored -> status(tx, one.conversationId(), "queued", new JsonObject()
                    .put("reason", "agent_lost").put("handoffId", one.id().toString()), events).mapEmpty());
              }
              return chain.map(requeued.size());
            }))
        .onSuccess(count -> {
          events.forEach(log::announce);
          if (count > 0) {
            LOG.info("Re-queued {} chat(s) of agents gone longer than {} ms", count, settings.agentGraceMs());
            changed();
          }
        })
        .mapEmpty();
  }

  private Future<Void> offlineOverdue() {
    List<ConversationEvent> events = new ArrayList<>();
    return pool.withTransaction(tx -> handoffs.overdue(tx)
            .compose(overdue -> {
              Future<Void> chain = Future.succeededFuture();
              for (Handoff one : overdue) {
                chain = chain.compose(ignored -> handoffs.markOffline(tx, one.id(), "max_wait"))
                    .compose(ignored -> status(tx, one.conversationId(), "offline", new JsonObject()
                        .put("reason", "max_wait").put("handoffId", one.id().toString()), events).mapEmpty());
              }
              return chain.map(overdue.size());
            }))
        .onSuccess(count -> {
          events.forEach(log::announce);
          if (count > 0) {
            changed();
          }
        })
        .mapEmpty();
  }

  // ---- views ----

  /** The live queue: waiting and offered hand-offs in priority order, with positions and wait estimates. */
  public Future<JsonArray> queueSnapshot() {
    Instant now = Instant.now();
    return handoffs.waiting(pool, settings.priority())
        .compose(waiting -> estimates(waiting).map(eta -> {
          JsonArray out = new JsonArray();
          for (HandoffRepository.Waiting one : waiting) {
            JsonObject row = one.handoff().toJson(now)
                .put("priority", Math.round(one.priority() * 100) / 100.0)
                .put("summary", one.handoff().packet().getString("summary"));
            Position position = eta.get(one.handoff().conversationId());
            if (position != null) {
              row.put("position", position.position()).put("etaSeconds", position.etaSeconds());
            }
            out.add(row);
          }
          return out;
        }));
  }

  /** A waiting conversation's place in its queue and estimated wait (seconds; -1 = nobody online). */
  public record Position(int position, long etaSeconds) {
    public JsonObject toJson() {
      return new JsonObject().put("position", position).put("etaSeconds", etaSeconds);
    }
  }

  /** Positions of every waiting conversation (by conversation id), per queue and language. */
  public Future<Map<UUID, Position>> positions() {
    return handoffs.waiting(pool, settings.priority()).compose(this::estimates);
  }

  private Future<Map<UUID, Position>> estimates(List<HandoffRepository.Waiting> waiting) {
    Map<String, Integer> counters = new HashMap<>();
    Map<UUID, Integer> places = new HashMap<>();
    Map<UUID, String> languages = new HashMap<>();
    for (HandoffRepository.Waiting one : waiting) {
      if (one.handoff().state() != HandoffState.QUEUED) {
        continue;
      }
      // Those ahead who compete for the same agents: same queue and same language.
      int place = counters.merge(one.handoff().queueId() + "/" + one.handoff().language(), 1, Integer::sum);
      places.put(one.handoff().conversationId(), place);
      languages.put(one.handoff().conversationId(), one.handoff().language());
    }
    if (places.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    Map<String, Future<HandoffRepository.Capacity>> capacities = new HashMap<>();
    languages.values().forEach(lang -> capacities.computeIfAbsent(lang,
        l -> handoffs.capacity(pool, l, settings.agentGraceMs())));
    Future<Double> handle = handoffs.averageHandleSeconds(pool, settings.defaultHandleSeconds());
    List<Future<?>> all = new ArrayList<>(capacities.values());
    all.add(handle);
    return Future.all(all).map(done -> {
      Map<UUID, Position> out = new HashMap<>();
      places.forEach((conversation, place) -> {
        HandoffRepository.Capacity capacity = capacities.get(languages.get(conversation)).result();
        out.put(conversation, new Position(place, WaitEstimator.estimateSeconds(place, capacity.freeSlots(),
            capacity.busySlots(), handle.result())));
      });
      return out;
    });
  }

  /** Hand-offs an agent has: offered to them, assigned, or in wrap-up. */
  public Future<List<Handoff>> ownedBy(UUID agentId) {
    return handoffs.ownedBy(pool, agentId);
  }

  /**
   * Appends an agent's message or note only while the agent owns the conversation (assigned; in wrap-up too for
   * notes), checked in the append's own transaction under a share lock of the hand-off: a transfer or close
   * commits wholly before or after the write, never between the check and the append. Empty when the agent does
   * not own it. A concurrent retry of the same client id fails with a unique violation
   * ({@link ConversationRepository#isUniqueViolation}). Announced after commit.
   */
  public Future<Optional<AppendResult>> appendAsOwner(UUID conversationId, UUID agentId, boolean inWrapUpToo,
                                                      NewEvent event) {
    return pool.withTransaction(tx -> handoffs.lockForWriting(tx, conversationId, agentId, inWrapUpToo)
            .compose(owned -> owned ? conversations.appendOn(tx, conversationId, event).map(Optional::of)
                : Future.succeededFuture(Optional.<AppendResult>empty())))
        .onSuccess(result -> result.ifPresent(log::announce));
  }

  public Future<Optional<Handoff>> liveFor(UUID conversationId) {
    return handoffs.liveFor(pool, conversationId);
  }

  /** The supervisor's wallboard: queues (depth, oldest wait), agents (state, load), hottest conversations. */
  public Future<JsonObject> supervisorSnapshot() {
    Instant now = Instant.now();
    return handoffs.waiting(pool, settings.priority())
        .compose(waiting -> handoffs.agents(pool, settings.agentGraceMs()).map(agents -> {
          Map<String, JsonObject> queues = new java.util.TreeMap<>();
          for (HandoffRepository.Waiting one : waiting) {
            JsonObject queue = queues.computeIfAbsent(one.handoff().queueId(),
                id -> new JsonObject().put("id", id).put("depth", 0).put("oldestWaitSeconds", 0L));
            queue.put("depth", queue.getInteger("depth") + 1);
            long waited = now.getEpochSecond() - one.handoff().enqueuedAt().getEpochSecond();
            queue.put("oldestWaitSeconds", Math.max(queue.getLong("oldestWaitSeconds"), waited));
          }
          JsonArray agentRows = new JsonArray();
          agents.forEach(agent -> agentRows.add(agentRow(agent)));
          return new JsonObject().put("queues", new JsonArray(new ArrayList<>(queues.values())))
              .put("agents", agentRows);
        }))
        .compose(board -> conversations.hottest(10).map(hot -> board.put("hottest", hot)));
  }

  /**
   * The agents a colleague can hand a chat to: every other agent who is online (available or away), with their
   * load, so the console can offer the ones with room. Offline agents are left out: an offer would only expire.
   */
  public Future<JsonArray> colleaguesOf(UUID agentId) {
    return handoffs.agents(pool, settings.agentGraceMs()).map(agents -> {
      JsonArray rows = new JsonArray();
      agents.stream().filter(agent -> agent.online() && !agent.id().equals(agentId))
          .forEach(agent -> rows.add(agentRow(agent)));
      return rows;
    });
  }

  // ---- helpers ----

  private static JsonObject agentRow(HandoffRepository.AgentState agent) {
    return new JsonObject().put("id", agent.id().toString()).put("username", agent.username())
        .put("name", agent.name())
        .put("state", !agent.online() ? "offline" : agent.available() ? "available" : "away")
        .put("load", agent.load()).put("maxChats", agent.maxChats())
        .put("languages", new JsonArray(agent.languages())).put("skills", new JsonArray(agent.skills()));
  }

  private Future<ConversationEvent> status(SqlConnection tx, UUID conversationId, String status, JsonObject details,
                                           List<ConversationEvent> events) {
    return conversations.appendStatus(tx, conversationId, status, details)
        .onSuccess(events::add);
  }

  /** Something about queues changed: wake dispatchers and refresh live views (cheap, coalesced by listeners). */
  private void changed() {
    eventBus.publish(Addresses.QUEUE_CHANGED, new JsonObject());
  }
}
