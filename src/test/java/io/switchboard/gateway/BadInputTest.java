package io.switchboard.gateway;

import io.switchboard.app.Gateway;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bad visitor input gets a clear error; the connection survives what is recoverable")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadInputTest {

  private static final int MAX_LENGTH = 100;
  private static final int MAX_FRAME = 2048;
  private static final int BURST = 5;

  private static Gateway node;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNodes.start(tree -> tree.getJsonObject("visitor")
        .put("maxMessageLength", MAX_LENGTH)
        .put("maxFrameBytes", MAX_FRAME)
        .put("messagesPerSecond", 1)
        .put("messageBurst", BURST)
        .put("rateViolationsBeforeClose", 5)
        .put("helloTimeoutMs", 600)
        .put("heartbeatIntervalMs", 300)
        .put("idleTimeoutMs", 1200));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static VisitorClient greeted() {
    VisitorClient visitor = VisitorClient.connect(clients, node.port());
    visitor.hello();
    return visitor;
  }

  /** After a recoverable error the same connection still stores and acknowledges a good message. */
  private static void assertStillUsable(VisitorClient visitor, String clientId) {
    JsonObject ack = visitor.say(clientId, "still here");
    assertThat(ack.getLong("seq")).isPositive();
    assertThat(visitor.isClosed()).isFalse();
  }

  @Test
  @DisplayName("malformed JSON: error bad_json, connection usable")
  void malformedJson() {
    try (VisitorClient visitor = greeted()) {
      visitor.sendText("{\"type\": \"message\", ");
      JsonObject error = visitor.awaitError("bad_json");
      assertThat(error.getString("message")).startsWith("frame is not valid JSON");
      assertThat(error.getBoolean("recoverable")).isTrue();
      assertStillUsable(visitor, "after-bad-json");
    }
  }

  @Test
  @DisplayName("JSON that is not an object: error bad_json")
  void notAnObject() {
    try (VisitorClient visitor = greeted()) {
      visitor.sendText("[1, 2, 3]");
      assertThat(visitor.awaitError("bad_json").getString("message")).isEqualTo("frame must be a JSON object");
      assertStillUsable(visitor, "after-array");
    }
  }

  @Test
  @DisplayName("unknown type: error unknown_type naming it, connection usable")
  void unknownType() {
    try (VisitorClient visitor = greeted()) {
      visitor.send(new JsonObject().put("type", "teleport"));
      assertThat(visitor.awaitError("unknown_type").getString("message")).contains("'teleport'");
      assertStillUsable(visitor, "after-unknown");
    }
  }

  @Test
  @DisplayName("missing type, clientId or text: error missing_field naming the field")
  void missingFields() {
    try (VisitorClient visitor = greeted()) {
      visitor.send(new JsonObject().put("text", "no type"));
      assertThat(visitor.awaitError("missing_field").getString("message")).isEqualTo("missing field 'type'");
      visitor.send(new JsonObject().put("type", "message").put("text", "no id"));
      assertThat(visitor.awaitError("missing_field").getString("message")).isEqualTo("missing field 'clientId'");
      visitor.send(new JsonObject().put("type", "message").put("clientId", "no-text"));
      assertThat(visitor.awaitError("missing_field").getString("message")).isEqualTo("missing field 'text'");
      assertStillUsable(visitor, "after-missing");
    }
  }

  @Test
  @DisplayName("a wrongly typed or malformed field: error invalid_field")
  void invalidFields() {
    try (VisitorClient visitor = greeted()) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "has spaces!").put("text", "x"));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("clientId");
      visitor.send(new JsonObject().put("type", "message").put("clientId", "ok-1").put("text", 42));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("'text' must be a string");
      visitor.send(new JsonObject().put("type", "message").put("clientId", "ok-2").put("text", "   "));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("must not be blank");
      // PostgreSQL text cannot hold U+0000: refused up front instead of failing the store.
      visitor.send(new JsonObject().put("type", "message").put("clientId", "ok-3").put("text", "a\u0000b"));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("'text'").contains("U+0000");
      assertStillUsable(visitor, "after-invalid");
    }
  }

  @Test
  @DisplayName("a NUL character in hello's locale or page: error invalid_field, hello can be sent again")
  void nulInHello() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.send(new JsonObject().put("type", "hello").put("locale", "en\u0000"));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("'locale'").contains("U+0000");
      visitor.send(new JsonObject().put("type", "hello").put("page", "/shop\u0000"));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("'page'").contains("U+0000");
      visitor.hello();
      assertStillUsable(visitor, "after-nul-hello");
    }
  }

  @Test
  @DisplayName("a message longer than the limit: error message_too_long with its clientId, nothing stored")
  void tooLong() {
    try (VisitorClient visitor = greeted()) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "long-1").put("text", "x".repeat(MAX_LENGTH + 1)));
      JsonObject error = visitor.awaitError("message_too_long");
      assertThat(error.getString("clientId")).isEqualTo("long-1");
      assertThat(error.getString("message")).contains("limit is " + MAX_LENGTH);
      assertStillUsable(visitor, "after-long");
    }
  }

  @Test
  @DisplayName("a message before hello: error hello_required, then hello works")
  void messageBeforeHello() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.send(new JsonObject().put("type", "message").put("clientId", "early").put("text", "hi"));
      visitor.awaitError("hello_required");
      visitor.hello();
      assertStillUsable(visitor, "after-hello");
    }
  }

  @Test
  @DisplayName("a second hello on one connection: error already_greeted")
  void secondHello() {
    try (VisitorClient visitor = greeted()) {
      visitor.send(new JsonObject().put("type", "hello"));
      visitor.awaitError("already_greeted");
      assertStillUsable(visitor, "after-second-hello");
    }
  }

  @Test
  @DisplayName("messages faster than the rate limit: error rate_limited with retryAfterMs; the rest still works")
  void rateLimited() {
    try (VisitorClient visitor = greeted()) {
      for (int i = 0; i <= BURST; i++) {
        visitor.send(new JsonObject().put("type", "message").put("clientId", "burst-" + i).put("text", "spam " + i));
      }
      JsonObject error = visitor.awaitError("rate_limited");
      assertThat(error.getString("clientId")).isEqualTo("burst-" + BURST);
      assertThat(error.getLong("retryAfterMs")).isPositive();
      for (int i = 0; i < BURST; i++) {
        visitor.awaitAck("burst-" + i);
      }
      assertThat(visitor.isClosed()).isFalse();
    }
  }

  @Test
  @DisplayName("sustained flooding closes the connection with 1008")
  void floodingCloses() {
    try (VisitorClient visitor = greeted()) {
      for (int i = 0; i < BURST + 10; i++) {
        visitor.send(new JsonObject().put("type", "message").put("clientId", "flood-" + i).put("text", "spam"));
      }
      visitor.awaitError("too_many_violations");
      assertThat(visitor.awaitClose()).isEqualTo(CloseCodes.POLICY_VIOLATION);
    }
  }

  @Test
  @DisplayName("no hello within the timeout closes with 1008")
  void helloTimeout() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      StringBuilder texts = new StringBuilder();
      assertThat(raw.awaitCloseCode(texts)).isEqualTo(CloseCodes.POLICY_VIOLATION);
      assertThat(texts.toString()).contains("\"code\":\"hello_timeout\"");
    }
  }

  @Test
  @DisplayName("invalid UTF-8 in a text frame closes with 1007")
  void invalidUtf8() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      raw.sendFrame(RawWebSocket.TEXT, true, new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'});
      assertThat(raw.awaitCloseCode(null)).isEqualTo(CloseCodes.INVALID_PAYLOAD);
    }
  }

  @Test
  @DisplayName("a single frame over the size limit closes with 1009")
  void oversizedFrame() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      raw.sendText("{\"type\":\"hello\",\"page\":\"" + "p".repeat(MAX_FRAME + 10) + "\"}");
      assertThat(raw.awaitCloseCode(null)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }
  }

  @Test
  @DisplayName("a fragmented message whose fragments add up past the limit closes with 1009")
  void oversizedFragmentedMessage() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      byte[] chunk = "a".repeat(MAX_FRAME / 2).getBytes(StandardCharsets.UTF_8);
      raw.sendFrame(RawWebSocket.TEXT, false, chunk);
      raw.sendFrame(RawWebSocket.CONTINUATION, false, chunk);
      raw.sendFrame(RawWebSocket.CONTINUATION, true, chunk);
      assertThat(raw.awaitCloseCode(null)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
    }
  }

  @Test
  @DisplayName("a fragmented message within the limit is joined and understood")
  void fragmentedMessageWithinLimit() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      raw.sendFrame(RawWebSocket.TEXT, false, "{\"type\":\"he".getBytes(StandardCharsets.UTF_8));
      raw.sendFrame(RawWebSocket.CONTINUATION, true, "llo\"}".getBytes(StandardCharsets.UTF_8));
      raw.sendText("{\"type\":\"bogus\"}");
      StringBuilder texts = new StringBuilder();
      raw.awaitCloseCode(texts);
      assertThat(texts.toString()).contains("\"type\":\"welcome\"").contains("\"type\":\"synced\"")
          .contains("\"code\":\"unknown_type\"");
    }
  }

  @Test
  @DisplayName("a binary frame closes with 1003")
  void binaryFrame() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      raw.sendFrame(RawWebSocket.BINARY, true, new byte[] {1, 2, 3});
      assertThat(raw.awaitCloseCode(null)).isEqualTo(CloseCodes.UNSUPPORTED_DATA);
    }
  }

  @Test
  @DisplayName("a client that answers no heartbeat is closed after the idle timeout")
  void idleTimeout() throws Exception {
    try (RawWebSocket raw = RawWebSocket.connect(node.port())) {
      raw.sendText("{\"type\":\"hello\"}");
      assertThat(raw.awaitCloseCode(null)).isEqualTo(CloseCodes.IDLE_TIMEOUT);
    }
  }

  @Test
  @DisplayName("a client that answers heartbeats stays connected past the idle timeout")
  void heartbeatKeepsAlive() {
    try (VisitorClient visitor = greeted()) {
      // The application-level ping is answered in order, so waiting for pongs spans the idle timeout.
      for (int i = 0; i < 8; i++) {
        visitor.send(new JsonObject().put("type", "ping").put("id", i));
        int expected = i;
        visitor.await(f -> "pong".equals(f.getString("type")) && f.getInteger("id") == expected, "pong " + i);
      }
      assertStillUsable(visitor, "after-heartbeats");
    }
  }
}
