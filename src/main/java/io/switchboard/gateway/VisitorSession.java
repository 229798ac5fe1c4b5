package io.switchboard.gateway;

import io.switchboard.bus.Addresses;
import io.switchboard.chat.ConversationFeed;
import io.switchboard.chat.ConversationStream;
import io.switchboard.conversation.AppendResult;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.conversation.MoodSnapshot;
import io.switchboard.frustration.live.ConversationSignalsTracker;
import io.switchboard.frustration.live.LiveScoring;
import io.switchboard.handoff.HandoffService;
import io.switchboard.conversation.NewEvent;
import io.switchboard.metrics.GatewayMetrics.Role;
import io.switchboard.persistence.NoSuchConversationException;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.UUID;

/**
 * One visitor WebSocket connection speaking the visitor protocol (docs/protocol.md). Frames are handled one at a
 * time in arrival order, so a visitor's messages get sequence numbers in the order they were sent. A message is
 * acknowledged only after PostgreSQL committed it; events reach the client through a {@link ConversationStream},
 * which makes delivery gap-free and duplicate-free across reconnects.
 */
final class VisitorSession implements ConnectionSweep.Swept {

  private static final Logger LOG = LoggerFactory.getLogger(VisitorSession.class);
  private static final int MAX_LOCALE_LENGTH = 35;
  private static final int MAX_PAGE_LENGTH = 2048;
  /** A quick-reply button's machine-readable value travels with the message it sends. */
  private static final int MAX_PAYLOAD_LENGTH = 256;
  /** Frames that store something or start work count against the per-connection rate limit. */
  private static final java.util.Set<String> RATE_LIMITED_FRAMES = java.util.Set.of("message", "feedback", "survey",
      "escalate", "offline_message");
  private static final String KNOWN_FRAMES = "hello, message, feedback, typing, escalate, offline_message, survey, ping";
  /** Frames are handled one at a time; a client that piles up more than this is flooding. */
  private static final int MAX_FRAMES_IN_FLIGHT = 256;
  /** Earlier events read at hello so conversation signals (repeats, fallbacks, waiting) see the history. */
  private static final int SIGNAL_HISTORY = 40;
  /** Statuses that change who owns the conversation (handoff_requested and similar notices do not). */
  private static final java.util.Set<String> STATUSES = java.util.Set.of("open", "queued", "offered", "assigned",
      "wrap_up", "closed", "offline");

  private enum State { AWAITING_HELLO, READY, CLOSED }

  private final ServerWebSocket socket;
  private final VisitorServices services;
  private final FrameAssembler assembler;
  private final FrameAssembler.Refusals refusals = new FrameAssembler.Refusals() {
    @Override
    public void close(short code, String reason) {
      VisitorSession.this.close(code, reason);
    }

    @Override
    public void badFrame(ProtocolException refusal) {
      sendError(refusal.code(), refusal.getMessage(), null, null);
    }
  };
  private final FloodGuard flood;
  private final SerialInbox<Pending> inbox = new SerialInbox<>(MAX_FRAMES_IN_FLIGHT,
      pending -> handle(pending).recover(this::answerFailure));
  private final long helloTimer;
  private State state = State.AWAITING_HELLO;
  private boolean helloSeen;
  private long lastReadMillis = System.currentTimeMillis();
  private UUID visitorId;
  private Conversation conversation;
  private ConversationStream stream;
  private ConversationSignalsTracker signals;
  /** The conversation's status as last seen in its event stream. */
  private String status;
  private HandoffService.Position lastPosition;
  /** This connection already recorded a request for a person that the hand-off has not picked up yet. */
  private boolean escalationRequested;
  private io.vertx.core.eventbus.MessageConsumer<JsonObject> typingFromStaff;
  private ConversationFeed.Subscription subscription;

  private record Pending(JsonObject frame, long receivedNanos) {
  }

  VisitorSession(ServerWebSocket socket, VisitorServices services) {
    this.socket = socket;
    this.services = services;
    this.assembler = new FrameAssembler(services.limits().maxFrameBytes());
    this.flood = new FloodGuard(services.limits().messagesPerSecond(), services.limits().messageBurst(),
        services.limits().rateViolationsBeforeClose(), System.nanoTime());
    this.helloTimer = services.vertx().setTimer(services.limits().helloTimeoutMs(), id -> helloTimedOut());
    socket.frameHandler(this::onFrame);
    socket.pongHandler(pong -> lastReadMillis = System.currentTimeMillis());
    socket.closeHandler(ignored -> onClosed());
    socket.exceptionHandler(failure -> LOG.debug("Visitor socket error: {}", failure.getMessage()));
    services.metrics().connectionOpened(Role.VISITOR);
  }

  // ---- connection housekeeping, driven by SessionRegistry ----

  @Override
  public long lastReadMillis() {
    return lastReadMillis;
  }

  @Override
  public boolean isOpen() {
    return state != State.CLOSED;
  }

  @Override
  public void heartbeat() {
    if (state != State.CLOSED) {
      socket.writePing(io.vertx.core.buffer.Buffer.buffer("hb"));
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
    if (!inbox.offer(new Pending(parsed, receivedNanos))) {
      close(CloseCodes.POLICY_VIOLATION, "more than " + MAX_FRAMES_IN_FLIGHT + " frames waiting to be processed");
    }
  }

  /**
   * Checks that must happen on arrival rather than in turn: flooding is judged by arrival time. Answers a refused
   * frame itself and returns false.
   */
  private boolean admit(JsonObject frame, long nowNanos) {
    if (!RATE_LIMITED_FRAMES.contains(frame.getString("type"))) {
      return true;
    }
    FloodGuard.Verdict verdict = flood.admit(nowNanos);
    if (verdict == FloodGuard.Verdict.ADMIT) {
      return true;
    }
    if (verdict == FloodGuard.Verdict.CLOSE) {
      sendError(ErrorCode.TOO_MANY_VIOLATIONS, "too many messages over the rate limit", null, null);
      close(CloseCodes.POLICY_VIOLATION, "rate limit exceeded repeatedly");
      return false;
    }
    long retryAfter = flood.millisUntilNext(nowNanos);
    sendError(ErrorCode.RATE_LIMITED, "more than " + services.limits().messagesPerSecond()
            + " messages per second; message not stored, retry after " + retryAfter + " ms",
        frame.getValue("clientId") instanceof String id ? id : null, retryAfter);
    return false;
  }

  private Future<Void> handle(Pending pending) {
    JsonObject frame = pending.frame();
    String type = frame.getString("type");
    try {
      return switch (type) {
        case "hello" -> hello(frame);
        case "message" -> message(frame, pending.receivedNanos());
        case "feedback" -> feedback(frame, pending.receivedNanos());
        case "escalate" -> escalate(frame);
        case "typing" -> typing(frame);
        case "survey" -> survey(frame, pending.receivedNanos());
        case "offline_message" -> offlineMessage(frame, pending.receivedNanos());
        case "ping" -> {
          send(new JsonObject().put("type", "pong").put("id", frame.getValue("id")));
          yield Future.succeededFuture();
        }
        default -> Future.failedFuture(new ProtocolException(ErrorCode.UNKNOWN_TYPE,
            "unknown frame type '" + abbreviate(type) + "'; expected one of " + KNOWN_FRAMES));
      };
    } catch (ProtocolException e) {
      return Future.failedFuture(e);
    }
  }

  private Future<Void> answerFailure(Throwable failure) {
    if (failure instanceof ProtocolException e) {
      sendError(e.code(), e.getMessage(), null, null);
      if (!e.code().recoverable()) {
        close(CloseCodes.POLICY_VIOLATION, e.getMessage());
      }
    } else if (state != State.READY) {
      // The hello failed half-way (database trouble): a fresh connection is the clean way to retry it.
      LOG.warn("Visitor hello failed: {}", failure.toString());
      sendError(ErrorCode.STORE_FAILED, "the server could not open your conversation; reconnect to retry", null, 1000L);
      close(CloseCodes.INTERNAL_ERROR, "hello failed: reconnect");
    } else {
      LOG.warn("Visitor frame failed for visitor {}: {}", visitorId, failure.toString());
      sendError(ErrorCode.STORE_FAILED, "the server could not process the frame; retry it", null, null);
    }
    return Future.succeededFuture();
  }

  // ---- hello: identify, open or resume the conversation, replay, then go live ----

  private Future<Void> hello(JsonObject frame) {
    if (helloSeen) {
      return Future.failedFuture(new ProtocolException(ErrorCode.ALREADY_GREETED, "hello was already received"));
    }
    String token = ClientFrames.optionalString(frame, "token", 4096);
    String requestedConversation = ClientFrames.optionalString(frame, "conversationId", 64);
    long lastSeq = ClientFrames.optionalSeq(frame, "lastSeq");
    String locale = ClientFrames.optionalString(frame, "locale", MAX_LOCALE_LENGTH);
    String page = ClientFrames.optionalString(frame, "page", MAX_PAGE_LENGTH);
    VisitorIdentity identity = VisitorIdentity.parse(frame);
    UUID conversationId = parseConversationId(requestedConversation);
    if (conversationId != null && token == null) {
      throw new ProtocolException(ErrorCode.FORBIDDEN, "conversation " + conversationId + " is not yours");
    }
    // A lastSeq only means something for the conversation it was counted in.
    long resumeFrom = conversationId == null ? 0 : lastSeq;
    helloSeen = true;
    services.vertx().cancelTimer(helloTimer);
    return identify(token, locale, identity)
        .compose(id -> {
          visitorId = id;
          return openConversation(conversationId, locale, page);
        })
        .compose(opened -> {
          conversation = opened;
          String issued = services.tokens().issueVisitorToken(visitorId);
          send(new JsonObject()
              .put("type", "welcome")
              .put("visitorId", visitorId.toString())
              .put("token", issued)
              .put("conversationId", opened.id().toString())
              .put("status", opened.status())
              .put("heartbeatIntervalMs", services.limits().heartbeatIntervalMs())
              .put("idleTimeoutMs", services.limits().idleTimeoutMs())
              .put("limits", new JsonObject()
                  .put("maxMessageLength", services.limits().maxMessageLength())
                  .put("maxFrameBytes", services.limits().maxFrameBytes())
                  .put("messagesPerSecond", services.limits().messagesPerSecond())
                  .put("messageBurst", services.limits().messageBurst())));
          return resume(opened, resumeFrom);
        });
  }

  private static UUID parseConversationId(String raw) {
    if (raw == null) {
      return null;
    }
    try {
      return UUID.fromString(raw);
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'conversationId' must be a UUID");
    }
  }

  private Future<UUID> identify(String token, String locale, VisitorIdentity identity) {
    if (token == null) {
      return services.visitors().create(locale, identity.attributes());
    }
    return services.tokens().verifyVisitorToken(token)
        .recover(failure -> Future.failedFuture(new ProtocolException(ErrorCode.INVALID_TOKEN,
            "visitor token is invalid or expired; reconnect without a token to start afresh")))
        .compose(id -> services.visitors().touch(id, locale, identity.attributes())
            .compose(exists -> exists ? Future.succeededFuture(id)
                : Future.failedFuture(new ProtocolException(ErrorCode.INVALID_TOKEN,
                    "visitor " + id + " no longer exists; reconnect without a token"))));
  }

  private Future<Conversation> openConversation(UUID requested, String locale, String page) {
    if (requested != null) {
      return services.conversations().find(requested).compose(found -> owned(requested, found));
    }
    return services.conversations().findLatestOpen(visitorId)
        .compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : startConversation(locale, page));
  }

  private Future<Conversation> owned(UUID requested, Optional<Conversation> found) {
    if (found.isEmpty() || !found.get().visitorId().equals(visitorId)) {
      // Same answer for "missing" and "someone else's": an id reveals nothing about other visitors.
      return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN,
          "conversation " + requested + " is not yours"));
    }
    return Future.succeededFuture(found.get());
  }

  private Future<Conversation> startConversation(String locale, String page) {
    String language = locale == null ? null : locale.split("[-_]")[0].toLowerCase(java.util.Locale.ROOT);
    return services.conversations().create(visitorId, language, page)
        .compose(created -> services.log()
            .append(created.id(), NewEvent.status(Conversation.OPEN, null))
            .map(opened -> created.withLastSeq(opened.event().seq())));
  }

  private Future<Void> resume(Conversation opened, long lastSeq) {
    if (lastSeq > opened.lastSeq() && lastSeq > 0) {
      // The client claims events the server never had (for example a reset database): replay everything.
      sendError(ErrorCode.RESUME_AHEAD, "lastSeq " + lastSeq + " is ahead of the conversation ("
          + opened.lastSeq() + "); replaying from the start", null, null);
      lastSeq = 0;
    }
    stream = new ConversationStream(opened.id(), lastSeq, services.log()::eventsAfter,
        services.limits().replayBatchSize(), this::deliver);
    signals = new ConversationSignalsTracker(opened.mood());
    status = opened.status();
    typingFromStaff = services.vertx().eventBus().<JsonObject>consumer(Addresses.conversationSignals(opened.id()),
        message -> relayTyping(message.body()));
    return services.conversations().recentEvents(opened.id(), opened.lastSeq(), SIGNAL_HISTORY)
        .compose(recent -> {
          recent.forEach(signals::accept);
          return services.feed().watch(opened.id(), event -> stream.onLive(event));
        })
        .compose(watching -> {
          subscription = watching;
          if (state == State.CLOSED) {
            watching.cancel();
            return Future.succeededFuture();
          }
          return stream.catchUp();
        })
        .map(upTo -> {
          if (state != State.CLOSED) {
            state = State.READY;
            send(new JsonObject()
                .put("type", "synced")
                .put("conversationId", opened.id().toString())
                .put("lastSeq", stream.lastDelivered()));
          }
          return null;
        });
  }

  private void deliver(ConversationEvent event) {
    signals.accept(event);
    if (!event.kind().visibleToVisitor()) {
      // Staff-only events still take a sequence number: the visitor's numbers may skip them.
      return;
    }
    if (event.kind() == EventKind.STATUS && STATUSES.contains(event.data().getString("status"))) {
      status = event.data().getString("status");
      escalationRequested = false;
      lastPosition = null;
    }
    send(new JsonObject().put("type", "event").put("event", event.toVisitorJson()));
  }

  // ---- message: store, then acknowledge ----

  private Future<Void> message(JsonObject frame, long receivedNanos) {
    requireReady();
    String clientId = ClientFrames.clientId(frame);
    if (Conversation.CLOSED.equals(status)) {
      sendError(ErrorCode.CONVERSATION_CLOSED, "conversation " + conversation.id() + " is closed; send hello without "
          + "a conversationId to start a new one", clientId, null);
      return Future.succeededFuture();
    }
    String text;
    String payload;
    try {
      text = ClientFrames.messageText(frame, services.limits().maxMessageLength());
      payload = ClientFrames.optionalString(frame, "payload", MAX_PAYLOAD_LENGTH);
    } catch (ProtocolException e) {
      sendError(e.code(), e.getMessage(), clientId, null);
      return Future.succeededFuture();
    }
    LiveScoring.Scored scored = services.scoring().score(text, signals, System.currentTimeMillis());
    JsonObject data = new JsonObject().put("frustration", scored.json());
    if (payload != null) {
      data.put("payload", payload);
    }
    Author author = Author.visitor(visitorId.toString());
    return store(new NewEvent(EventKind.MESSAGE, author, clientId, text, data), scored.snapshot(), receivedNanos);
  }

  /** "Was this helpful?" about an earlier event of this conversation (a bot answer). */
  private Future<Void> feedback(JsonObject frame, long receivedNanos) {
    requireReady();
    String clientId = ClientFrames.clientId(frame);
    long inReplyTo;
    boolean helpful;
    try {
      inReplyTo = ClientFrames.optionalSeq(frame, "inReplyTo");
      if (inReplyTo < 1 || inReplyTo > stream.lastDelivered()) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD,
            "field 'inReplyTo' must be the seq of an event you have received");
      }
      if (!(frame.getValue("helpful") instanceof Boolean value)) {
        throw new ProtocolException(frame.containsKey("helpful") ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD,
            "field 'helpful' must be true or false");
      }
      helpful = value;
    } catch (ProtocolException e) {
      sendError(e.code(), e.getMessage(), clientId, null);
      return Future.succeededFuture();
    }
    JsonObject data = new JsonObject().put("inReplyTo", inReplyTo).put("helpful", helpful);
    Author author = Author.visitor(visitorId.toString());
    return store(new NewEvent(EventKind.FEEDBACK, author, clientId, null, data), null, receivedNanos);
  }

  /** The satisfaction survey once the chat is closed: a rating 1-5 and an optional comment. */
  private Future<Void> survey(JsonObject frame, long receivedNanos) {
    requireReady();
    String clientId = ClientFrames.clientId(frame);
    JsonObject data;
    try {
      if (!Conversation.CLOSED.equals(status)) {
        throw new ProtocolException(ErrorCode.WRONG_STATE, "the survey is for closed conversations; this one is "
            + status);
      }
      if (!(frame.getValue("rating") instanceof Number rating) || rating.doubleValue() != Math.rint(rating.doubleValue())
          || rating.intValue() < 1 || rating.intValue() > 5) {
        throw new ProtocolException(frame.containsKey("rating") ? ErrorCode.INVALID_FIELD : ErrorCode.MISSING_FIELD,
            "field 'rating' must be a whole number from 1 to 5");
      }
      String comment = ClientFrames.optionalString(frame, "comment", services.limits().maxMessageLength());
      data = new JsonObject().put("rating", rating.intValue()).put("comment", comment);
    } catch (ProtocolException e) {
      sendError(e.code(), e.getMessage(), clientId, null);
      return Future.succeededFuture();
    }
    Author author = Author.visitor(visitorId.toString());
    return store(new NewEvent(EventKind.SURVEY, author, clientId, null, data), null, receivedNanos);
  }

  /** Typing indicators are signals, not events: not stored, not sequenced, shown to staff only. */
  private Future<Void> typing(JsonObject frame) {
    requireReady();
    if (!(frame.getValue("state") instanceof Boolean typingNow)) {
      throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'state' must be true or false");
    }
    services.vertx().eventBus().publish(Addresses.conversationSignals(conversation.id()), new JsonObject()
        .put("type", "typing").put("conversationId", conversation.id().toString())
        .put("author", Author.visitor(visitorId.toString()).toJson()).put("state", typingNow));
    return Future.succeededFuture();
  }

  private void relayTyping(JsonObject signal) {
    JsonObject author = signal.getJsonObject("author", new JsonObject());
    if (state == State.READY && !"visitor".equals(author.getString("kind"))) {
      send(new JsonObject().put("type", "typing").put("author", new JsonObject()
          .put("kind", author.getString("kind")).put("name", author.getString("name")))
          .put("state", signal.getBoolean("state", false)));
    }
  }

  /** The visitor asks for a person (the widget's button): recorded, and escalation takes it from there. */
  private Future<Void> escalate(JsonObject frame) {
    requireReady();
    if (!Conversation.OPEN.equals(status) || escalationRequested) {
      send(new JsonObject().put("type", "escalated").put("status",
          Conversation.OPEN.equals(status) ? "handoff_requested" : status));
      return Future.succeededFuture();
    }
    escalationRequested = true;
    return services.log().append(conversation.id(), NewEvent.status("handoff_requested",
            new JsonObject().put("reason", "visitor_choice")))
        .map(stored -> {
          send(new JsonObject().put("type", "escalated").put("status", "handoff_requested"));
          return (Void) null;
        });
  }

  /** Nobody was available: the visitor leaves a message and an e-mail address for a follow-up. */
  private Future<Void> offlineMessage(JsonObject frame, long receivedNanos) {
    requireReady();
    String clientId = ClientFrames.clientId(frame);
    String text;
    String email;
    try {
      if (!"offline".equals(status)) {
        throw new ProtocolException(ErrorCode.WRONG_STATE, "offline messages are for conversations nobody could "
            + "take (status offline); this one is " + status);
      }
      text = ClientFrames.messageText(frame, services.limits().maxMessageLength());
      email = ClientFrames.requiredString(frame, "email").trim();
      if (!ClientFrames.EMAIL.matcher(email).matches()) {
        throw new ProtocolException(ErrorCode.INVALID_FIELD, "field 'email' is not an e-mail address");
      }
    } catch (ProtocolException e) {
      sendError(e.code(), e.getMessage(), clientId, null);
      return Future.succeededFuture();
    }
    Author author = Author.visitor(visitorId.toString());
    JsonObject data = new JsonObject().put("offlineMessage", true).put("email", email);
    return store(new NewEvent(EventKind.MESSAGE, author, clientId, text, data), null, receivedNanos)
        .compose(stored -> services.handoffs().leaveOfflineMessage(conversation.id(), text, email))
        .mapEmpty();
  }

  /** Pushes the visitor's place in the queue when it changed (SessionRegistry calls this periodically). */
  void queuePosition(HandoffService.Position position) {
    if (state != State.READY || !"queued".equals(status) || position.equals(lastPosition)) {
      return;
    }
    lastPosition = position;
    send(new JsonObject().put("type", "queue").put("position", position.position())
        .put("etaSeconds", position.etaSeconds()));
  }

  boolean isWaiting() {
    return state == State.READY && "queued".equals(status);
  }

  java.util.UUID conversationId() {
    return conversation == null ? null : conversation.id();
  }

  private void requireReady() {
    if (state != State.READY) {
      throw new ProtocolException(ErrorCode.HELLO_REQUIRED, "send hello first");
    }
  }

  private Future<Void> store(NewEvent event, MoodSnapshot mood, long receivedNanos) {
    UUID conversationId = conversation.id();
    String clientId = event.clientId();
    return services.log().append(conversationId, event, mood)
        .map(result -> {
          acknowledge(clientId, result, receivedNanos);
          return (Void) null;
        })
        .recover(failure -> {
          if (failure instanceof NoSuchConversationException) {
            return Future.failedFuture(new ProtocolException(ErrorCode.FORBIDDEN, failure.getMessage()));
          }
          LOG.warn("Storing a {} failed in conversation {}: {}", event.kind().code(), conversationId,
              failure.toString());
          sendError(ErrorCode.STORE_FAILED, "not stored: the database did not commit it; retry with the same "
              + "clientId", clientId, 1000L);
          return Future.succeededFuture();
        });
  }

  private void acknowledge(String clientId, AppendResult result, long receivedNanos) {
    send(new JsonObject()
        .put("type", "ack")
        .put("clientId", clientId)
        .put("conversationId", result.event().conversationId().toString())
        .put("seq", result.event().seq())
        .put("duplicate", result.duplicate()));
    if (!result.duplicate()) {
      services.metrics().messageStored(Role.VISITOR);
    }
    services.metrics().acknowledged(Role.VISITOR, receivedNanos);
  }

  // ---- outbound ----

  private void send(JsonObject frame) {
    if (state == State.CLOSED) {
      return;
    }
    if (socket.writeQueueFull()) {
      // The client cannot keep up; everything is stored, so it can reconnect and resume without loss.
      close(CloseCodes.POLICY_VIOLATION, "slow consumer: reconnect and resume");
      return;
    }
    socket.writeTextMessage(frame.encode());
  }

  private void sendError(ErrorCode code, String message, String clientId, Long retryAfterMs) {
    services.metrics().protocolError();
    JsonObject error = new JsonObject()
        .put("type", "error")
        .put("code", code.code())
        .put("message", message)
        .put("recoverable", code.recoverable());
    if (clientId != null) {
      error.put("clientId", clientId);
    }
    if (retryAfterMs != null) {
      error.put("retryAfterMs", retryAfterMs);
    }
    send(error);
  }

  private void helloTimedOut() {
    if (!helloSeen && state != State.CLOSED) {
      sendError(ErrorCode.HELLO_TIMEOUT, "no hello within " + services.limits().helloTimeoutMs() + " ms", null, null);
      close(CloseCodes.POLICY_VIOLATION, "hello timeout");
    }
  }

  private void onClosed() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    services.vertx().cancelTimer(helloTimer);
    inbox.close();
    if (stream != null) {
      stream.close();
    }
    if (subscription != null) {
      subscription.cancel();
    }
    if (typingFromStaff != null) {
      typingFromStaff.unregister();
    }
    services.metrics().connectionClosed(Role.VISITOR);
  }

  private static String abbreviate(String value) {
    return value.length() > 40 ? value.substring(0, 40) + "…" : value;
  }
}
