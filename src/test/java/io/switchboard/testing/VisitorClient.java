package io.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real WebSocket client speaking the visitor protocol, used from the test thread: frames arrive on a Vert.x
 * event loop and are collected; {@link #await} blocks (with a bound) until a matching frame has arrived.
 */
public final class VisitorClient implements AutoCloseable {

  public static final Duration WAIT = Duration.ofSeconds(10);

  private final WebSocket socket;
  private final List<JsonObject> unread = new ArrayList<>();
  private final List<JsonObject> all = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private VisitorClient(WebSocket socket) {
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

  public static VisitorClient connect(Vertx vertx, int port) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/ws/visitor");
    try {
      return new VisitorClient(client.connect(options).toCompletionStage().toCompletableFuture()
          .get(WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (Exception e) {
      throw new AssertionError("cannot connect to /ws/visitor on port " + port + ": " + e, e);
    }
  }

  public void send(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  public void sendText(String raw) {
    socket.writeTextMessage(raw);
  }

  /** Waits for (and consumes) the first unread frame matching the predicate. */
  public synchronized JsonObject await(Predicate<JsonObject> matching, String what) {
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

  public JsonObject awaitType(String type) {
    return await(frame -> type.equals(frame.getString("type")), "'" + type + "' frame");
  }

  public JsonObject awaitAck(String clientId) {
    return await(frame -> "ack".equals(frame.getString("type")) && clientId.equals(frame.getString("clientId")),
        "ack for " + clientId);
  }

  public JsonObject awaitError(String code) {
    return await(frame -> "error".equals(frame.getString("type")) && code.equals(frame.getString("code")),
        "error '" + code + "'");
  }

  /** Waits for the event with this sequence number and returns its event object. */
  public JsonObject awaitEvent(long seq) {
    return await(frame -> "event".equals(frame.getString("type"))
        && frame.getJsonObject("event").getLong("seq") == seq, "event " + seq).getJsonObject("event");
  }

  /** Sends hello and collects everything up to {@code synced}. */
  public Hello hello(JsonObject hello) {
    send(hello.copy().put("type", "hello"));
    JsonObject welcome = awaitType("welcome");
    JsonObject synced = awaitType("synced");
    List<JsonObject> events = takeEvents();
    return new Hello(welcome, events, synced);
  }

  public Hello hello() {
    return hello(new JsonObject());
  }

  /** Sends a visitor message and waits for its acknowledgement. */
  public JsonObject say(String clientId, String text) {
    send(new JsonObject().put("type", "message").put("clientId", clientId).put("text", text));
    return awaitAck(clientId);
  }

  /** Consumes every unread event frame, in arrival order. */
  public synchronized List<JsonObject> takeEvents() {
    List<JsonObject> events = new ArrayList<>();
    unread.removeIf(frame -> {
      if ("event".equals(frame.getString("type"))) {
        events.add(frame.getJsonObject("event"));
        return true;
      }
      return false;
    });
    return events;
  }

  /** Every frame received so far, in order. */
  public synchronized List<JsonObject> received() {
    return List.copyOf(all);
  }

  public short awaitClose() {
    try {
      Short code = closed.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      return code == null ? -1 : code;
    } catch (Exception e) {
      throw new AssertionError("connection not closed within " + WAIT.toSeconds() + " s; received " + all, e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  /** Drops the connection from the client side, as a network change or a closed laptop would. */
  public void drop() {
    socket.close((short) 4000, "test drop");
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.close();
    }
  }

  /** What the server sent in answer to hello. */
  public record Hello(JsonObject welcome, List<JsonObject> events, JsonObject synced) {
    public String token() {
      return welcome.getString("token");
    }

    public String conversationId() {
      return welcome.getString("conversationId");
    }

    public long lastSeq() {
      return synced.getLong("lastSeq");
    }
  }
}
