package io.switchboard.agent;

import io.switchboard.bus.Addresses;
import io.switchboard.chat.ConversationFeed;
import io.switchboard.chat.ConversationStream;
import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.conversation.NewEvent;
import io.switchboard.gateway.ClientFrames;
import io.switchboard.gateway.ConnectionSweep;
import io.switchboard.gateway.CloseCodes;
import io.switchboard.gateway.ErrorCode;
import io.switchboard.gateway.FloodGuard;
import io.switchboard.gateway.FrameAssembler;
import io.switchboard.gateway.ProtocolException;
import io.switchboard.gateway.SerialInbox;
import io.switchboard.handoff.Handoff;
import io.switchboard.handoff.HandoffService.HandoffException;
import io.switchboard.handoff.HandoffState;
import io.switchboard.metrics.GatewayMetrics;
import io.switchboard.persistence.ConversationRepository;
import io.switchboard.persistence.NoSuchConversationException;
import io.switchboard.security.AuthRoutes;
import io.switchboard.security.Role;
import io.switchboard.security.TokenService;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One agent console connection speaking the agent protocol (docs/agent-protocol.md). The agent was authenticated
 * at the handshake. Client frames and the agent's notifications (offers, assignments) are handled one at a time
 * in arrival order. Every conversation the agent owns is streamed through its own {@link ConversationStream}: the
 * full staff view (frustration data, internal notes), gap-free, duplicate-free and resumable with
 * {@code hello.lastSeqs}, exactly like the visitor's stream.
 */
final class AgentSession implements ConnectionSweep.Swept {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
  /** Frames are handled one at a time; a client that piles up more than this is flooding. */
  private static final int MAX_FRAMES_IN_FLIGHT = 256;
  /** Agents paste canned responses in quick succession: a looser limit than visitors'. */
  private static final int MESSAGES_PER_SECOND = 20;
  private static final int MESSAGE_BURST = 40;
  private static final int MAX_TRANSFER_NOTE_LENGTH = 1000;
  private static final int MAX_QUERY_LENGTH = 500;
  private static final int MAX_QUEUE_ID_LENGTH = 64;
  private static final int MAX_REQUEST_ID_LENGTH = 64;
  private static final int MAX_TOKEN_LENGTH = 8192;
  private static final int SUGGESTIONS = 5;

  private enum State { AWAITING_HELLO, READY, CLOSED }

  /** Work handled in turn: a client frame or a notification for this agent. */
  private sealed interface Work permits Inbound, Notice {
  }

  private record Inbound(JsonObject frame, long receivedNanos) implements Work {
  }

  private record Notice(JsonObject body) implements Work {
  }

  /** A conversation streamed to this connection. */
  private static final class Watched {
    private ConversationStream stream;
    private ConversationFeed.Subscription subscription;
    private MessageConsumer<JsonObject> signals;

    private void stop() {
      if (stream != null) {
        stream.close();
      }
      if (subscription != null) {
        subscription.cancel();
      }
      if (signals != null) {
        signals.unregister();
      }
    }
  }

  private final ServerWebSocket socket;
  private final AgentServices services;
  private final UUID agentId;
  private final String agentName;
  private final String username;
  private final FrameAssembler assembler;
  private final FrameAssembler.Refusals refusals = new FrameAssembler.Refusals() {
    @Override
    public void close(short code, String reason) {
      AgentSession.this.close(code, reason);
    }

    @Override
    public void badFrame(ProtocolException refusal) {
      sendError(refusal.code().code(), refusal.getMessage(), null, refusal.code().recoverable());
    }
  };
  private final FloodGuard flood;
  private final SerialInbox<Work> inbox = new SerialInbox<>(MAX_FRAMES_IN_FLIGHT, this::process);
  private final Map<UUID, Watched> watched = new HashMap<>();
  private final MessageConsumer<JsonObject> notifications;
  private final long helloTimer;
  private User user;
  private long expiryTimer = -1;
  private State state = State.AWAITING_HELLO;
  private boolean helloSeen;
  private boolean watchingSupervisor;
  private long lastReadMillis = System.currentTimeMillis();

  AgentSession(ServerWebSocket socket, AgentServices services, User user) {
    this.socket = socket;
    this.services = services;
    this.user = user;
    JsonObject principal = user.principal();
    this.agentId = UUID.fromString(principal.getString("sub"));
    this.username = principal.getString("username");
    this.agentName = principal.getString("name", username);
    var limits = services.gateway().limits();
    this.assembler = new FrameAssembler(limits.maxFrameBytes());
    this.flood = new FloodGuard(MESSAGES_PER_SECOND, MESSAGE_BURST,
        services.gateway().limits().rateViolationsBeforeClose(), System.nanoTime());
    this.notifications = services.gateway().vertx().eventBus()
        .consumer(Addresses.agent(agentId), message -> inbox.add(new Notice(message.body())));
    this.helloTimer = services.gateway().vertx().setTimer(limits.helloTimeoutMs(), id -> helloTimedOut());
    scheduleExpiry();
    socket.frameHandler(this::onFrame);
    socket.pongHandler(pong -> lastReadMillis = System.currentTimeMillis());
    socket.closeHandler(ignored -> onClosed());
    socket.exceptionHandler(failure -> LOG.debug("Agent socket error: {}", failure.getMessage()));
    services.gateway().metrics().connectionOpened(GatewayMetrics.Role.AGENT);
  }

  // ---- housekeeping, driven by AgentHub ----

  UUID agentId() {
    return agentId;
  }

  boolean isGreeted() {
    return state == State.READY;
  }

  @Override
  public boolean isOpen() {
    return state != State.CLOSED;
  }

  boolean watchesSupervisor() {
    return state == State.READY && watchingSupervisor;
  }

  @Override
  public long lastReadMillis() {
    return lastReadMillis;
  }

  @Override
  public void heartbeat() {
    if (state != State.CLOSED) {
      socket.writePing(Buffer.buffer("hb"));
    }
  }

  @Override
  public void close(short code, String reason) {
    if (state == State.CLOSED) {
      return;
    }
    socket.close(code, reason);
    onClosed();
  }

  /** The live queue changed (already coalesced by the hub). */
  void queue(JsonArray snapshot) {
    if (state == State.READY) {
      send(new JsonObject().put("type", "queue").put("queue", snapshot));
    }
  }

  void supervisor(JsonObject snapshot) {
    if (watchesSupervisor()) {
      send(new JsonObject().put("type", "supervisor").put("snapshot", snapshot));
    }
  }

  /** A visitor message was scored: shown live for conversations this connection streams. */
  void frustrationScored(UUID conversationId, JsonObject scored) {
    if (state == State.READY && watched.containsKey(conversationId)) {
      send(new JsonObject().put("type", "frustration").put("conversationId", conversationId.toString())
          .put("seq", scored.getValue("seq")).put("at", scored.getValue("at"))
          .put("frustration", scored.getJsonObject("frustration")));
    }
  }

  // ---- inbound ----

  private void onFrame(WebSocketFrame frame) {
    lastReadMillis = System.currentTimeMillis();
    if (state == State.CLOSED) {
      return;
    }
    JsonObject parsed = assembler.acceptJson(frame, refusals);
    if (parsed == null) {
      return;
    }
    long receivedNanos = System.nanoTime();
    if (!admit(parsed, receivedNanos)) {
      return;
    }
    if (!inbox.offer(new Inbound(parsed, receivedNanos))) {
      close(CloseCodes.POLICY_VIOLATION, "more than " + MAX_FRAMES_IN_FLIGHT + " frames waiting to be processed");
    }
  }

  /** Flooding is judged by arrival time, for the frames that store something. */
  private boolean admit(JsonObject frame, long nowNanos) {
    String type = frame.getString("type");
    if (!("message".equals(type) || "note".equals(type))) {
      return true;
    }
    FloodGuard.Verdict verdict = flood.admit(nowNanos);
    if (verdict == FloodGuard.Verdict.ADMIT) {
      return true;
    }
    if (verdict == FloodGuard.Verdict.CLOSE) {
      sendError(ErrorCode.TOO_MANY_VIOLATIONS.code(), "too many messages over the rate limit", frame, false);
      close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded repeatedly");
      return false;
    }
    long retryAfter = flood.millisUntilNext(nowNanos);
    JsonObject error = errorFrame(ErrorCode.RATE_LIMITED.code(), "more than " + MESSAGES_PER_SECOND
        + " messages per second; not stored, retry after " + retryAfter + " ms", frame, true)
        .put("retryAfterMs", retryAfter);
    services.gateway().metrics().protocolError();
    send(error);
    return false;
  }

  private Future<Void> process(Work next) {
    return next instanceof Inbound inbound
        ? handle(inbound).recover(failure -> answerFailure(inbound.frame(), failure))
        : onNotice(((Notice) next).body()).recover(failure -> {
          LOG.warn("Agent {}: handling a notification failed: {}", agentId, failure.toString());
          return Future.succeededFuture();
        });
  }

  private Future<Void> handle(Inbound inbound) {
    JsonObject frame = inbound.frame();
    String type = frame.getString("type");
    try {
      if (!"hello".equals(type) && !"ping".equals(type) && !"reauth".equals(type) && state != State.READY) {
        throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "send hello first");
      }
      return switch (type) {
        case "hello" -> hello(frame);
        case "availability" -> availability(frame);
        case "accept" -> accept(frame);
        case "decline" -> decline(frame);
        case "pick" -> pick(frame);
        case "message" -> write(frame, EventKind.MESSAGE, inbound.receivedNanos());
        case "note" -> write(frame, EventKind.NOTE, inbound.receivedNanos());
        case "typing" -> typing(frame);
        case "transfer" -> transfer(frame);
        case "close" -> closeChat(frame);
        case "finish" -> finish(frame);
        case "suggest" -> suggest(frame);
        case "queue" -> services.handoffs().queueSnapshot().map(snapshot -> {
          queue(snapshot);
          return null;
        });
        case "watch_supervisor" -> watchSupervisor(frame);
        case "unwatch_supervisor" -> {
          watchingSupervisor = false;
          done(frame, "unwatch_supervisor", new JsonObject());
          yield Future.succeededFuture();
        }
        case "reauth" -> reauth(frame);
        case "ping" -> {
          send(new JsonObject().put("type", "pong").put("id", frame.getValue("id")));
          yield Future.succeededFuture();
        }
        default -> throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "unknown frame type '" + abbreviate(type)
            + "'; expected hello, availability, accept, decline, pick, message, note, typing, transfer, close,"
            + " finish, suggest, queue, watch_supervisor, unwatch_supervisor, reauth or ping");
      };
    } catch (ProtocolException | AgentException | HandoffException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> answerFailure(JsonObject frame, Throwable failure) {
    if (failure instanceof ProtocolException e) {
      sendError(e.code().code(), e.getMessage(), frame, e.code().recoverable());
      if (!e.code().recoverable()) {
        close(CloseCodes.POLICY_VIOLATION, e.getMessage());
      }
    } else if (failure instanceof AgentException e) {
      sendError(e.code(), e.getMessage(), frame, true);
    } else if (failure instanceof HandoffException e) {
      sendError(e.code(), e.getMessage(), frame, true);
    } else if (failure instanceof NoSuchConversationException e) {
      sendError("no_such_conversation", e.getMessage(), frame, true);
    } else if (state != State.READY) {
      LOG.warn("Agent {}: hello failed: {}", agentId, failure.toString());
      sendError(ErrorCode.STORE_FAILED.code(), "the server could not load your chats; reconnect to retry", frame,
          true);
      close(CloseCodes.INTERNAL_ERROR, "hello failed: reconnect");
    } else {
      LOG.warn("Agent {}: {} frame failed: {}", agentId, frame.getString("type"), failure.toString());
      sendError(ErrorCode.STORE_FAILED.code(), "the server could not process the frame; retry it", frame, true);
    }
    return Future.succeededFuture();
  }

  // ---- hello: presence, welcome with queue and owned hand-offs, then replay each owned conversation ----

  private Future<Void> hello(JsonObject frame) {
    if (helloSeen) {
      throw new ProtocolException(ErrorCode.ALREADY_GREETED, "hello was already received");
    }
    Map<UUID, Long> lastSeqs = lastSeqs(frame);
    helloSeen = true;
    services.gateway().vertx().cancelTimer(helloTimer);
    // Notifications are registered before anything is read, so a change after the read is seen as a notice.
    return notifications.completion()
        .compose(ignored -> services.handoffs().ensureAgent(agentId))
        .compose(ignored -> services.handoffs().heartbeat(List.of(agentId)))
        .compose(ignored -> {
          Future<Boolean> available = services.repository().available(agentId);
          Future<JsonArray> queue = services.handoffs().queueSnapshot();
          Future<List<Handoff>> owned = services.handoffs().ownedBy(agentId);
          return Future.all(available, queue, owned).map(done -> {
            welcome(available.result(), queue.result(), owned.result());
            return owned.result();
          });
        })
        .compose(owned -> {
          Future<Void> chain = Future.succeededFuture();
          for (Handoff handoff : owned) {
            if (handoff.state() == HandoffState.ASSIGNED || handoff.state() == HandoffState.WRAP_UP) {
              long lastSeq = lastSeqs.getOrDefault(handoff.conversationId(), 0L);
              chain = chain.compose(ignored -> watch(handoff.conversationId(), lastSeq));
            }
          }
          return chain;
        })
        .map(ignored -> {
          if (state != State.CLOSED) {
            state = State.READY;
          }
          return null;
        });
  }

  private static Map<UUID, Long> lastSeqs(JsonObject frame) {
    Object raw = frame.getValue("lastSeqs");
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof JsonObject seqs)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD,
          "field 'lastSeqs' must be an object of conversationId: seq");
    }
    Map<UUID, Long> out = new HashMap<>();
    for (String key : seqs.fieldNames()) {
      UUID conversationId;
      try {
        conversationId = UUID.fromString(key);
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'lastSeqs' has a key that is not a UUID");
      }
      out.put(conversationId, ClientFrames.optionalSeq(seqs, key));
    }
    return out;
  }

  private void welcome(boolean available, JsonArray queue, List<Handoff> owned) {
    Instant now = Instant.now();
    JsonArray ownedJson = new JsonArray();
    for (Handoff handoff : owned) {
      ownedJson.add(new JsonObject().put("handoff", handoff.toJson(now)).put("packet", handoff.packet()));
    }
    var limits = services.gateway().limits();
    send(new JsonObject()
        .put("type", "welcome")
        .put("agent", new JsonObject().put("id", agentId.toString()).put("username", username)
            .put("name", agentName).put("roles", TokenService.roles(user).stream().map(Role::code).toList()))
        .put("available", available)
        .put("queue", queue)
        .put("owned", ownedJson)
        .put("heartbeatIntervalMs", limits.heartbeatIntervalMs())
        .put("idleTimeoutMs", limits.idleTimeoutMs())
        .put("tokenExpiresAt", tokenExpiry().map(Instant::toString).orElse(null))
        .put("limits", new JsonObject()
            .put("maxMessageLength", limits.maxMessageLength())
            .put("maxFrameBytes", limits.maxFrameBytes())
            .put("messagesPerSecond", MESSAGES_PER_SECOND)
            .put("messageBurst", MESSAGE_BURST)));
  }

  // ---- conversation streams ----

  /** Streams a conversation from {@code lastSeq}: replay, then {@code synced}, then live. Idempotent. */
  private Future<Void> watch(UUID conversationId, long requestedLastSeq) {
    if (watched.containsKey(conversationId) || state == State.CLOSED) {
      return Future.succeededFuture();
    }
    Watched watching = new Watched();
    watched.put(conversationId, watching);
    var gateway = services.gateway();
    return gateway.conversations().find(conversationId)
        .compose(found -> {
          long lastSeq = requestedLastSeq;
          long stored = found.map(c -> c.lastSeq()).orElse(0L);
          if (lastSeq > stored) {
            sendError(ErrorCode.RESUME_AHEAD.code(), "lastSeq " + lastSeq + " of conversation " + conversationId
                + " is ahead of it (" + stored + "); replaying from the start", null, true);
            lastSeq = 0;
          }
          watching.stream = new ConversationStream(conversationId, lastSeq, gateway.log()::eventsAfter,
              gateway.limits().replayBatchSize(), this::deliver);
          watching.signals = gateway.vertx().eventBus().<JsonObject>consumer(
              Addresses.conversationSignals(conversationId), message -> relayTyping(conversationId, message.body()));
          return gateway.feed().watch(conversationId, event -> watching.stream.onLive(event));
        })
        .compose(subscription -> {
          watching.subscription = subscription;
          if (state == State.CLOSED || watched.get(conversationId) != watching) {
            watching.stop();
            return Future.succeededFuture();
          }
          return watching.stream.catchUp().map(upTo -> {
            send(new JsonObject().put("type", "synced").put("conversationId", conversationId.toString())
                .put("lastSeq", watching.stream.lastDelivered()));
            return (Void) null;
          });
        })
        .onFailure(failure -> {
          if (watched.get(conversationId) == watching) {
            watched.remove(conversationId);
          }
          watching.stop();
        });
  }

  private void unwatch(UUID conversationId) {
    Watched watching = watched.remove(conversationId);
    if (watching != null) {
      watching.stop();
    }
  }

  /** Staff see everything: internal notes and the frustration data of visitor messages. */
  private void deliver(ConversationEvent event) {
    send(new JsonObject().put("type", "event").put("event", event.toJson()));
  }

  private void relayTyping(UUID conversationId, JsonObject signal) {
    JsonObject author = signal.getJsonObject("author", new JsonObject());
    boolean mine = "agent".equals(author.getString("kind")) && agentId.toString().equals(author.getString("id"));
    if (state == State.READY && !mine && watched.containsKey(conversationId)) {
      send(new JsonObject().put("type", "typing").put("conversationId", conversationId.toString())
          .put("author", author).put("state", signal.getBoolean("state", false)));
    }
  }

  // ---- notifications for this agent ----

  private Future<Void> onNotice(JsonObject body) {
    if (AuthRoutes.ACCOUNT_DISABLED.equals(body.getString("type"))) {
      sendError(AuthRoutes.ACCOUNT_DISABLED, "an administrator disabled your account", null, false);
      close(CloseCodes.POLICY_VIOLATION, "account disabled");
      return Future.succeededFuture();
    }
    if (state != State.READY) {
      // Before the welcome: what the notice says is in the state hello reads.
      return Future.succeededFuture();
    }
    String type = body.getString("type", "");
    switch (type) {
      case "offer" -> {
        JsonObject handoff = body.getJsonObject("handoff");
        send(new JsonObject().put("type", "offer").put("handoff", handoff).put("packet", body.getJsonObject("packet"))
            .put("expiresAt", handoff == null ? null : handoff.getString("offerExpiresAt")));
        return Future.succeededFuture();
      }
      case "assigned" -> {
        send(body.copy());
        JsonObject handoff = body.getJsonObject("handoff", new JsonObject());
        return watch(UUID.fromString(handoff.getString("conversationId")), 0);
      }
      case "unassigned" -> {
        unwatch(UUID.fromString(body.getString("conversationId")));
        send(body.copy());
        return Future.succeededFuture();
      }
      default -> {
        send(body.copy());
        return Future.succeededFuture();
      }
    }
  }

  // ---- availability and offers ----

  private Future<Void> availability(JsonObject frame) {
    if (!(frame.getValue("available") instanceof Boolean available)) {
      throw new ProtocolException(frame.containsKey("available") ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD,
          "field 'available' must be true or false");
    }
    return services.handoffs().setAvailability(agentId, available)
        .map(ignored -> {
          done(frame, "availability", new JsonObject().put("available", available));
          return null;
        });
  }

  private Future<Void> accept(JsonObject frame) {
    UUID handoffId = uuid(frame, "handoffId");
    return services.handoffs().accept(handoffId, agentId, agentName)
        .compose(assigned -> {
          done(frame, "accept", new JsonObject().put("handoff", assigned.toJson(Instant.now())));
          return watch(assigned.conversationId(), 0);
        });
  }

  private Future<Void> decline(JsonObject frame) {
    UUID handoffId = uuid(frame, "handoffId");
    return services.handoffs().decline(handoffId, agentId)
        .map(declined -> {
          done(frame, "decline", new JsonObject().put("handoffId", handoffId.toString()));
          return null;
        });
  }

  private Future<Void> pick(JsonObject frame) {
    UUID handoffId = uuid(frame, "handoffId");
    return services.handoffs().pick(handoffId, agentId, agentName)
        .compose(assigned -> {
          done(frame, "pick", new JsonObject().put("handoff", assigned.toJson(Instant.now())));
          return watch(assigned.conversationId(), 0);
        });
  }

  // ---- messages and notes: owner only, store, then acknowledge ----

  private Future<Void> write(JsonObject frame, EventKind kind, long receivedNanos) {
    String clientId = ClientFrames.clientId(frame);
    UUID conversationId = uuid(frame, "conversationId");
    String text = ClientFrames.messageText(frame, services.gateway().limits().maxMessageLength());
    NewEvent event = new NewEvent(kind, new Author(Author.Kind.AGENT, agentId.toString(), agentName), clientId, text,
        null);
    // Supervisors may add a note to any conversation; everyone else writes only to a chat they own (a note also
    // during wrap-up), checked in the append's transaction.
    Future<Optional<AppendResult>> stored = kind == EventKind.NOTE && TokenService.hasRole(user, Role.SUPERVISOR)
        ? services.gateway().log().append(conversationId, event).map(Optional::of)
        : services.handoffs().appendAsOwner(conversationId, agentId, kind == EventKind.NOTE, event);
    return stored
        .recover(failure -> ConversationRepository.isUniqueViolation(failure)
            ? Future.succeededFuture(Optional.empty()) // the same clientId committed concurrently: found below
            : Future.failedFuture(failure))
        .compose(appended -> appended.isPresent() ? Future.succeededFuture(ack(appended.get()))
            // A retry of something stored before the chat left this agent is still acknowledged.
            : services.repository().storedByClientId(conversationId, agentId, clientId)
                .compose(found -> found.isPresent()
                    ? Future.succeededFuture(new Ack(conversationId, found.get(), true))
                    : Future.failedFuture(new AgentException("not_owner", "conversation " + conversationId
                        + " is not assigned to you" + (kind == EventKind.NOTE ? "" : " (or is in wrap-up)")))))
        .map(ack -> {
          send(new JsonObject().put("type", "ack").put("clientId", clientId)
              .put("conversationId", conversationId.toString()).put("seq", ack.seq())
              .put("duplicate", ack.duplicate()));
          if (!ack.duplicate()) {
            services.gateway().metrics().messageStored(GatewayMetrics.Role.AGENT);
          }
          services.gateway().metrics().acknowledged(GatewayMetrics.Role.AGENT, receivedNanos);
          return null;
        });
  }

  private record Ack(UUID conversationId, long seq, boolean duplicate) {
  }

  private static Ack ack(AppendResult result) {
    return new Ack(result.event().conversationId(), result.event().seq(), result.duplicate());
  }

  /** Typing indicators are signals: not stored, not sequenced. */
  private Future<Void> typing(JsonObject frame) {
    UUID conversationId = uuid(frame, "conversationId");
    if (!(frame.getValue("state") instanceof Boolean typingNow)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'state' must be true or false");
    }
    if (!watched.containsKey(conversationId)) {
      throw new AgentException("not_owner", "conversation " + conversationId + " is not assigned to you");
    }
    services.gateway().vertx().eventBus().publish(Addresses.conversationSignals(conversationId), new JsonObject()
        .put("type", "typing").put("conversationId", conversationId.toString())
        .put("author", new Author(Author.Kind.AGENT, agentId.toString(), agentName).toJson())
        .put("state", typingNow));
    return Future.succeededFuture();
  }

  // ---- transfer, close, wrap-up ----

  private Future<Void> transfer(JsonObject frame) {
    UUID conversationId = uuid(frame, "conversationId");
    String note = ClientFrames.optionalString(frame, "note", MAX_TRANSFER_NOTE_LENGTH);
    String toQueue = ClientFrames.optionalString(frame, "toQueue", MAX_QUEUE_ID_LENGTH);
    UUID toAgent = frame.getValue("toAgentId") == null ? null : uuid(frame, "toAgentId");
    if ((toQueue == null) == (toAgent == null)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "give exactly one of 'toAgentId' and 'toQueue'");
    }
    if (agentId.equals(toAgent)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'toAgentId' is you: transfer to a colleague");
    }
    Future<Handoff> transferred = toAgent != null
        ? services.handoffs().transferToAgent(conversationId, agentId, toAgent, note)
        : services.handoffs().transferToQueue(conversationId, agentId, toQueue, note);
    return transferred.map(handoff -> {
      unwatch(conversationId);
      done(frame, "transfer", new JsonObject().put("conversationId", conversationId.toString())
          .put("to", toAgent != null ? "agent:" + toAgent : "queue:" + toQueue));
      return null;
    });
  }

  private Future<Void> closeChat(JsonObject frame) {
    UUID conversationId = uuid(frame, "conversationId");
    String code = ClientFrames.requiredString(frame, "resolution");
    Resolution resolution = Resolution.fromCode(code).orElseThrow(() -> new ProtocolException(
        ErrorCode.INVALID_FIELD, "field 'resolution' must be one of " + Resolution.codes()));
    return services.handoffs().close(conversationId, agentId, resolution.code())
        .map(closed -> {
          done(frame, "close", new JsonObject().put("conversationId", conversationId.toString())
              .put("resolution", resolution.code()).put("handoffId", closed.id().toString()));
          return null;
        });
  }

  /** Wrap-up done: every chat of this agent in wrap-up is finished and stops streaming. */
  private Future<Void> finish(JsonObject frame) {
    return services.handoffs().finishWrapUp(agentId)
        .compose(finished -> services.handoffs().ownedBy(agentId).map(owned -> {
          Set<UUID> keep = new HashSet<>();
          owned.stream().filter(h -> h.state() == HandoffState.ASSIGNED || h.state() == HandoffState.WRAP_UP)
              .forEach(h -> keep.add(h.conversationId()));
          for (UUID conversationId : new ArrayList<>(watched.keySet())) {
            if (!keep.contains(conversationId)) {
              unwatch(conversationId);
            }
          }
          done(frame, "finish", new JsonObject().put("finished", finished));
          return null;
        }));
  }

  // ---- knowledge-base suggestions ----

  private Future<Void> suggest(JsonObject frame) {
    UUID conversationId = uuid(frame, "conversationId");
    String query = ClientFrames.optionalString(frame, "query", MAX_QUERY_LENGTH);
    if (!watched.containsKey(conversationId) && !TokenService.hasRole(user, Role.SUPERVISOR)) {
      throw new AgentException("not_owner", "conversation " + conversationId + " is not assigned to you");
    }
    Future<Optional<String>> text = query != null ? Future.succeededFuture(Optional.of(query))
        : services.repository().lastVisitorMessage(conversationId);
    Future<Optional<Handoff>> live = services.handoffs().liveFor(conversationId);
    return Future.all(text, live)
        .compose(both -> {
          String language = live.result().map(Handoff::language).orElse("en");
          String searchFor = text.result().orElse("");
          return services.suggestions().get()
              .suggest(new SuggestionSource.Request(conversationId, language, searchFor, SUGGESTIONS))
              .map(result -> {
                JsonObject reply = result.toJson().put("type", "suggestions")
                    .put("conversationId", conversationId.toString()).put("query", searchFor);
                putRequestId(reply, frame);
                send(reply);
                return null;
              });
        });
  }

  // ---- supervisors ----

  private Future<Void> watchSupervisor(JsonObject frame) {
    if (!TokenService.hasRole(user, Role.SUPERVISOR)) {
      throw new AgentException("role_required", "watch_supervisor requires the supervisor role");
    }
    watchingSupervisor = true;
    return services.handoffs().supervisorSnapshot().map(snapshot -> {
      supervisor(snapshot);
      return null;
    });
  }

  // ---- token lifetime ----

  private Optional<Instant> tokenExpiry() {
    // Vert.x keeps the verified token's registered claims (exp, iat) in the user's attributes.
    Object exp = user.containsKey("exp") ? user.get("exp") : null;
    return exp instanceof Number seconds ? Optional.of(Instant.ofEpochSecond(seconds.longValue())) : Optional.empty();
  }

  private void scheduleExpiry() {
    if (expiryTimer >= 0) {
      services.gateway().vertx().cancelTimer(expiryTimer);
      expiryTimer = -1;
    }
    tokenExpiry().ifPresent(expiry -> {
      long delay = Math.max(1, expiry.toEpochMilli() - System.currentTimeMillis());
      expiryTimer = services.gateway().vertx().setTimer(delay, id -> {
        expiryTimer = -1;
        sendError("token_expired", "your token expired: log in again and reconnect (or send reauth in time)", null,
            false);
        close(CloseCodes.POLICY_VIOLATION, "token expired");
      });
    });
  }

  /** A fresh token for the same person extends the connection past the first token's expiry. */
  private Future<Void> reauth(JsonObject frame) {
    String token = ClientFrames.optionalString(frame, "token", MAX_TOKEN_LENGTH);
    if (token == null) {
      throw new ProtocolException(ErrorCode.MISSING_FIELD, "missing field 'token'");
    }
    return services.gateway().tokens().verifyStaffToken(token)
        .recover(failure -> Future.failedFuture(new AgentException("invalid_token",
            "token is invalid or expired; the connection keeps its current token")))
        .map(fresh -> {
          if (!agentId.toString().equals(fresh.principal().getString("sub"))) {
            throw new AgentException("invalid_token", "token is for someone else");
          }
          user = fresh;
          scheduleExpiry();
          done(frame, "reauth", new JsonObject().put("tokenExpiresAt",
              tokenExpiry().map(Instant::toString).orElse(null)));
          return null;
        });
  }

  // ---- outbound ----

  private static UUID uuid(JsonObject frame, String field) {
    String raw = ClientFrames.requiredString(frame, field);
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field '" + field + "' must be a UUID");
    }
  }

  private void done(JsonObject frame, String action, JsonObject details) {
    JsonObject reply = details.copy().put("type", "done").put("action", action);
    putRequestId(reply, frame);
    send(reply);
  }

  /** Echoes the request's {@code id} (a short string or a number) so the console can match the answer. */
  private static void putRequestId(JsonObject reply, JsonObject frame) {
    Object id = frame == null ? null : frame.getValue("id");
    if (id instanceof Number || (id instanceof String s && s.length() <= MAX_REQUEST_ID_LENGTH)) {
      reply.put("id", id);
    }
  }

  private JsonObject errorFrame(String code, String message, JsonObject frame, boolean recoverable) {
    JsonObject error = new JsonObject().put("type", "error").put("code", code).put("message", message)
        .put("recoverable", recoverable);
    if (frame != null) {
      error.put("action", frame.getString("type"));
      putRequestId(error, frame);
      if (frame.getValue("clientId") instanceof String clientId) {
        error.put("clientId", clientId);
      }
    }
    return error;
  }

  private void sendError(String code, String message, JsonObject frame, boolean recoverable) {
    services.gateway().metrics().protocolError();
    send(errorFrame(code, message, frame, recoverable));
  }

  private void send(JsonObject frame) {
    if (state == State.CLOSED) {
      return;
    }
    if (socket.writeQueueFull()) {
      // Everything is stored: the console reconnects and resumes without loss.
      close(CloseCodes.POLICY_VIOLATION, "slow consumer: reconnect and resume");
      return;
    }
    socket.writeTextMessage(frame.encode());
  }

  private void helloTimedOut() {
    if (!helloSeen && state != State.CLOSED) {
      sendError(ErrorCode.HELLO_TIMEOUT.code(), "no hello within " + services.gateway().limits().helloTimeoutMs()
          + " ms", null, false);
      close(CloseCodes.POLICY_VIOLATION, "hello timeout");
    }
  }

  private void onClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    services.gateway().vertx().cancelTimer(helloTimer);
    if (expiryTimer >= 0) {
      services.gateway().vertx().cancelTimer(expiryTimer);
    }
    inbox.close();
    notifications.unregister();
    watched.values().forEach(Watched::stop);
    watched.clear();
    services.hub().remove(this);
    services.gateway().metrics().connectionClosed(GatewayMetrics.Role.AGENT);
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
