package io.switchboard.agent;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client speaking the agent protocol, used from the test thread: frames arrive on a Vert.x event
 * loop and are collected; {@link #await} blocks (with a bound) until a matching frame has arrived.
 */
public final class AgentClient implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(15);

  private final WebSocket socket;
  private final List<JsonObject> unread = new ArrayList<>();
  private final List<JsonObject> all = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private AgentClient(WebSocket socket) {
    this.socket = socket;
    socket.textMessageHandler(text -> {
      synchronized (this) {
        JsonObject frame = new JsonObject(text);
        unread.add(frame);
        all.add(frame);
        notifyAll();
      }
    });
    socket.closeHandler(ignored -> closed.complete(socket.closeStatusCode()));
  }

  /** Connects with the token in the query string. */
  public static AgentClient connect(Vertx vertx, int port, String token) {
    return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/ws/agent?token=" + token));
  }

  /** Connects with the token as a {@code bearer.<jwt>} subprotocol, the way a browser console does. */
  static AgentClient connectWithSubprotocol(Vertx vertx, int port, String token) {
    return connect(vertx, new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/ws/agent")
        .addSubProtocol("switchboard.agent.v1").addSubProtocol("bearer." + token));
  }

  private static AgentClient connect(Vertx vertx, WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      return new AgentClient(client.connect(options).toCompletionStage().toCompletableFuture()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("cannot connect to /ws/agent on port " + options.getPort() + ": " + e, e);
    }
  }

  String subProtocol() {
    return socket.subProtocol();
  }

  void send(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  synchronized JsonObject await(Predicate<JsonObject> matching, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      for (int i = 0; i < unread.size(); i++) {
        if (matching.test(unread.get(i))) {
          return unread.remove(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; received " + all);
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  JsonObject awaitType(String type) {
    return await(frame -> type.equals(frame.getString("type")), "'" + type + "' frame");
  }

  JsonObject awaitDone(String action) {
    return await(frame -> "done".equals(frame.getString("type")) && action.equals(frame.getString("action")),
        "done " + action);
  }

  JsonObject awaitError(String code) {
    return await(frame -> "error".equals(frame.getString("type")) && code.equals(frame.getString("code")),
        "error '" + code + "'");
  }

  JsonObject awaitAck(String clientId) {
    return await(frame -> "ack".equals(frame.getString("type")) && clientId.equals(frame.getString("clientId")),
        "ack for " + clientId);
  }

  JsonObject awaitOffer(String conversationId) {
    return await(frame -> "offer".equals(frame.getString("type"))
        && conversationId.equals(frame.getJsonObject("handoff").getString("conversationId")), "offer of "
        + conversationId);
  }

  /** The event with this seq in this conversation. */
  JsonObject awaitEvent(String conversationId, long seq) {
    return await(frame -> "event".equals(frame.getString("type"))
        && conversationId.equals(frame.getJsonObject("event").getString("conversationId"))
        && frame.getJsonObject("event").getLong("seq") == seq, "event " + seq + " of " + conversationId)
        .getJsonObject("event");
  }

  JsonObject awaitEvent(Predicate<JsonObject> matching, String what) {
    return await(frame -> "event".equals(frame.getString("type")) && matching.test(frame.getJsonObject("event")),
        what).getJsonObject("event");
  }

  JsonObject awaitSynced(String conversationId) {
    return await(frame -> "synced".equals(frame.getString("type"))
        && conversationId.equals(frame.getString("conversationId")), "synced of " + conversationId);
  }

  /** Sends hello and returns the welcome. */
  public JsonObject hello(JsonObject lastSeqs) {
    JsonObject hello = new JsonObject().put("type", "hello");
    if (lastSeqs != null) {
      hello.put("lastSeqs", lastSeqs);
    }
    send(hello);
    return awaitType("welcome");
  }

  public JsonObject available(boolean available) {
    send(new JsonObject().put("type", "availability").put("available", available));
    return awaitDone("availability");
  }

  /** Every event frame received so far for one conversation, in arrival order. */
  synchronized List<JsonObject> eventsOf(String conversationId) {
    List<JsonObject> out = new ArrayList<>();
    for (JsonObject frame : all) {
      if ("event".equals(frame.getString("type"))
          && conversationId.equals(frame.getJsonObject("event").getString("conversationId"))) {
        out.add(frame.getJsonObject("event"));
      }
    }
    return out;
  }

  synchronized List<JsonObject> received() {
    return List.copyOf(all);
  }

  static JsonArray seqs(List<JsonObject> events) {
    JsonArray out = new JsonArray();
    events.forEach(event -> out.add(event.getLong("seq")));
    return out;
  }

  short awaitClose() {
    try {
      Short code = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return code == null ? -1 : code;
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + WAIT.toSeconds() + " s; received " + all, e);
    }
  }

  /** Drops the connection from the client side. */
  void drop() {
    socket.close((short) 4000, "test drop");
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.close();
    }
  }
}
