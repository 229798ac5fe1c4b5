package io.switchboard.agent;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Agent protocol on one node: handshake, offer, accept, chat, notes, typing, close and wrap-up")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentProtocolTest {

  private static Gateway node;
  private static Vertx clients;
  private static String admin;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start(tree -> tree.getJsonObject("handoff").put("dispatchIntervalMs", 100)
        .put("offerTimeoutMs", 10_000));
    clients = Vertx.vertx();
    admin = AgentTestSupport.adminToken(node.port());
  }

  @AfterAll
  static void stopNode() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  // ---- handshake ----

  @Test
  @DisplayName("no token, a bad token or a visitor token get 401 JSON before any upgrade; a plain GET gets 400")
  void handshakeRefusals() throws Exception {
    AgentTestSupport.Response none = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent", "");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().getString("error")).isEqualTo("unauthorized");

    AgentTestSupport.Response bad = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent?token=not.a.jwt", "");
    assertThat(bad.status()).isEqualTo(401);
    assertThat(bad.json().getString("message")).contains("invalid or expired");

    String visitorToken;
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitorToken = visitor.hello().token();
    }
    AgentTestSupport.Response asVisitor = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent?token=" + visitorToken,
        "");
    assertThat(asVisitor.status()).isEqualTo(401);
    AgentTestSupport.Response visitorSubprotocol = AgentTestSupport.rawUpgrade(node.port(), "/ws/agent",
        "Sec-WebSocket-Protocol: switchboard.agent.v1, bearer." + visitorToken + "\r\n");
    assertThat(visitorSubprotocol.status()).isEqualTo(401);

    assertThat(AgentTestSupport.get(node.port(), "/ws/agent", null).status()).isEqualTo(400);
  }

  @Test
  @DisplayName("an agent token in the query or as a bearer subprotocol opens the socket and hello gets a welcome")
  void agentTokenGetsWelcome() {
    AgentTestSupport.Staff agent = AgentTestSupport.agent(node.port(), admin, "Wendy Welcome", List.of("qw"), 2);
    try (AgentClient viaQuery = AgentClient.connect(clients, node.port(), agent.token())) {
      JsonObject welcome = viaQuery.hello(null);
      assertThat(welcome.getJsonObject("agent").getString("id")).isEqualTo(agent.id());
      assertThat(welcome.getJsonObject("agent").getString("name")).isEqualTo("Wendy Welcome");
      assertThat(welcome.getBoolean("available")).isFalse();
      assertThat(welcome.getJsonArray("queue")).isNotNull();
      assertThat(welcome.getJsonArray("owned")).isEmpty();
    }
    try (AgentClient viaSubprotocol = AgentClient.connectWithSubprotocol(clients, node.port(), agent.token())) {
      assertThat(viaSubprotocol.subProtocol()).isEqualTo("switchboard.agent.v1");
      assertThat(viaSubprotocol.hello(null).getJsonObject("agent").getString("id")).isEqualTo(agent.id());
      viaSubprotocol.send(new JsonObject().put("type", "message").put("clientId", "x").put("conversationId", "nope")
          .put("text", "hi"));
      assertThat(viaSubprotocol.awaitError("invalid_field").getBoolean("recoverable")).isTrue();
    }
  }

  // ---- end to end ----

  @Test
  @DisplayName("visitor asks for a person → offer with packet → accept → chat both ways, note stays internal → close")
  void endToEndOnOneNode() {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Alex Agent", List.of("qa"), 3);
    try (AgentClient agent = AgentClient.connect(clients, node.port(), staff.token());
         VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      agent.hello(null);
      agent.available(true);

      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "qa-QA").put("page", "/orders"));
      String conversationId = hello.conversationId();
      visitor.say("v-1", "Where is my parcel? It should have arrived yesterday.");
      visitor.send(new JsonObject().put("type", "escalate"));
      visitor.awaitType("escalated");

      JsonObject offer = agent.awaitOffer(conversationId);
      JsonObject packet = offer.getJsonObject("packet");
      assertThat(offer.getString("expiresAt")).isNotBlank();
      assertThat(packet.getString("language")).isEqualTo("qa");
      assertThat(packet.getString("reason")).isEqualTo("visitor_choice");
      assertThat(packet.getJsonArray("transcript").stream().map(t -> ((JsonObject) t).getString("text")))
          .contains("Where is my parcel? It should have arrived yesterday.");
      JsonArray timeline = packet.getJsonObject("frustration").getJsonArray("timeline");
      assertThat(timeline).hasSize(1);
      assertThat(timeline.getJsonObject(0).getJsonArray("reasons")).isNotNull();
      assertThat(packet.getJsonObject("visitor").getString("id")).isEqualTo(hello.welcome().getString("visitorId"));
      assertThat(packet.getJsonObject("visitor").getString("page")).isEqualTo("/orders");

      String handoffId = offer.getJsonObject("handoff").getString("id");
      agent.send(new JsonObject().put("type", "accept").put("handoffId", handoffId).put("id", "req-1"));
      assertThat(agent.awaitDone("accept").getString("id")).isEqualTo("req-1");
      agent.awaitSynced(conversationId);
      // The replay is the full staff view: the visitor's message carries its frustration score.
      JsonObject replayed = agent.awaitEvent(e -> "Where is my parcel? It should have arrived yesterday.".equals(e.getString("text")),
          "replayed visitor message");
      assertThat(replayed.getJsonObject("data").getJsonObject("frustration")).isNotNull();

      JsonObject assigned = visitor.await(f -> "event".equals(f.getString("type"))
          && "assigned".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "assigned status").getJsonObject("event");
      assertThat(assigned.getJsonObject("data").getJsonObject("agent").getString("name")).isEqualTo("Alex Agent");

      JsonObject ack = sendAgent(agent, "message", conversationId, "a-1", "Hi, I am Alex. Let me check your parcel.");
      assertThat(ack.getBoolean("duplicate")).isFalse();
      JsonObject seen = visitor.awaitEvent(ack.getLong("seq"));
      assertThat(seen.getString("text")).isEqualTo("Hi, I am Alex. Let me check your parcel.");
      assertThat(seen.getJsonObject("author").getString("kind")).isEqualTo("agent");
      assertThat(seen.getJsonObject("author").getString("name")).isEqualTo("Alex Agent");
      JsonObject retry = sendAgent(agent, "message", conversationId, "a-1", "Hi, I am Alex. Let me check your parcel.");
      assertThat(retry.getLong("seq")).isEqualTo(ack.getLong("seq"));
      assertThat(retry.getBoolean("duplicate")).isTrue();

      long visitorSeq = visitor.say("v-2", "thanks, it is order 1234").getLong("seq");
      JsonObject fromVisitor = agent.awaitEvent(conversationId, visitorSeq);
      assertThat(fromVisitor.getString("text")).isEqualTo("thanks, it is order 1234");
      assertThat(fromVisitor.getJsonObject("data").getJsonObject("frustration").getDouble("score")).isNotNull();
      JsonObject live = agent.await(f -> "frustration".equals(f.getString("type"))
          && f.getLong("seq") == visitorSeq, "live frustration frame");
      assertThat(live.getJsonObject("frustration").getJsonObject("conversation")).isNotNull();

      visitor.send(new JsonObject().put("type", "typing").put("state", true));
      JsonObject visitorTyping = agent.awaitType("typing");
      assertThat(visitorTyping.getJsonObject("author").getString("kind")).isEqualTo("visitor");
      agent.send(new JsonObject().put("type", "typing").put("conversationId", conversationId).put("state", true));
      assertThat(visitor.awaitType("typing").getJsonObject("author").getString("name")).isEqualTo("Alex Agent");

      JsonObject note = sendAgent(agent, "note", conversationId, "n-1", "internal: VIP customer, refund if needed");
      JsonObject noteEvent = agent.awaitEvent(conversationId, note.getLong("seq"));
      assertThat(noteEvent.getString("kind")).isEqualTo("note");
      long after = sendAgent(agent, "message", conversationId, "a-2", "Found it: it arrives tomorrow.").getLong("seq");
      visitor.awaitEvent(after);
      assertThat(visitor.received()).noneMatch(f -> "event".equals(f.getString("type"))
          && (f.getJsonObject("event").getLong("seq") == note.getLong("seq")
          || "note".equals(f.getJsonObject("event").getString("kind"))));

      agent.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "fixed-it"));
      assertThat(agent.awaitError("invalid_field").getString("message")).contains("resolved, no_response");
      agent.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "resolved"));
      agent.awaitDone("close");
      JsonObject closed = visitor.await(f -> "event".equals(f.getString("type"))
          && "closed".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "closed status").getJsonObject("event");
      assertThat(closed.getJsonObject("data").getString("resolution")).isEqualTo("resolved");
      agent.awaitEvent(conversationId, closed.getLong("seq"));

      // After close the agent may still note (wrap-up) but no longer message the visitor.
      agent.send(new JsonObject().put("type", "message").put("clientId", "a-3").put("conversationId", conversationId)
          .put("text", "one more thing"));
      agent.awaitError("not_owner");
      sendAgent(agent, "note", conversationId, "n-2", "wrap-up: parcel delayed by carrier");
      agent.send(new JsonObject().put("type", "finish"));
      assertThat(agent.awaitDone("finish").getInteger("finished")).isEqualTo(1);

      assertThat(TestDatabase.column("SELECT state FROM handoffs WHERE conversation_id = ?::uuid", conversationId))
          .containsExactly("closed");
      assertThat(TestDatabase.column("SELECT resolution FROM handoffs WHERE conversation_id = ?::uuid",
          conversationId)).containsExactly("resolved");
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND author_kind = 'bot'", conversationId)).containsExactly(0L);
      assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
          + " AND data->>'status' = 'assigned'", conversationId)).containsExactly(1L);
      // Every event reached the agent exactly once and in order.
      List<Long> seqs = agent.eventsOf(conversationId).stream().map(e -> e.getLong("seq")).toList();
      long last = (Long) TestDatabase.column("SELECT last_seq FROM conversations WHERE id = ?::uuid",
          conversationId).get(0);
      assertThat(seqs).containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, last).boxed().toList());
    }
  }

  static JsonObject sendAgent(AgentClient agent, String type, String conversationId, String clientId, String text) {
    agent.send(new JsonObject().put("type", type).put("clientId", clientId).put("conversationId", conversationId)
        .put("text", text));
    return agent.awaitAck(clientId);
  }
}
