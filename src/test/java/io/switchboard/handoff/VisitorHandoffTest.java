package io.switchboard.handoff;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Escalation from the visitor's side: queued with position and wait, or offline with a message")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VisitorHandoffTest {

  private static Gateway node;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNodes.start(tree -> tree.getJsonObject("handoff").put("dispatchIntervalMs", 200));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static UUID agentId(String username) {
    return (UUID) TestDatabase.column("SELECT id FROM accounts WHERE username = ?", username).get(0);
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static JsonObject awaitStatus(VisitorClient visitor, String status) {
    return visitor.await(f -> "event".equals(f.getString("type"))
        && "status".equals(f.getJsonObject("event").getString("kind"))
        && status.equals(f.getJsonObject("event").getJsonObject("data").getString("status")), "status " + status)
        .getJsonObject("event");
  }

  @Test
  @DisplayName("with nobody available, a request for a person goes offline and the visitor can leave a message")
  void offlineWhenNobodyAvailable() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "ru-RU"));
      visitor.send(new JsonObject().put("type", "escalate"));
      visitor.awaitType("escalated");
      JsonObject offline = awaitStatus(visitor, "offline");
      assertThat(offline.getJsonObject("data").getString("reason")).isEqualTo("no_agents");

      visitor.send(new JsonObject().put("type", "offline_message").put("clientId", "off-1")
          .put("text", "Перезвоните мне, пожалуйста").put("email", "ivan@example.com"));
      visitor.awaitAck("off-1");
      visitor.send(new JsonObject().put("type", "offline_message").put("clientId", "off-2")
          .put("text", "again").put("email", "not-an-email"));
      assertThat(visitor.awaitError("invalid_field").getString("message")).contains("e-mail");

      List<Object> stored = TestDatabase.column("SELECT offline_email FROM handoffs WHERE conversation_id = ?::uuid"
          + " AND state = 'offline'", hello.conversationId());
      assertThat(stored).containsExactly("ivan@example.com");
    }
  }

  @Test
  @DisplayName("with an agent available, the visitor is queued, sees position and wait, then the agent's name")
  void queuedThenAssigned() {
    UUID agent = agentId("maria");
    HandoffService handoffs = node.handoffs();
    await(handoffs.ensureAgent(agent));
    // A language of its own keeps other tests' waiting visitors (same database) out of this queue position.
    TestDatabase.column("UPDATE agent_profiles SET languages = '{zz}', max_chats = 1 WHERE account_id = ?"
        + " RETURNING 1", agent);
    // Occupy maria so the new visitor has to wait in the queue.
    try (VisitorClient first = VisitorClient.connect(clients, node.port());
         VisitorClient second = VisitorClient.connect(clients, node.port())) {
      await(handoffs.setAvailability(agent, true));
      first.hello(new JsonObject().put("locale", "zz-ZZ"));
      first.send(new JsonObject().put("type", "escalate"));
      awaitStatus(first, "offered");
      Handoff firstOffer = await(handoffs.ownedBy(agent)).get(0);
      await(handoffs.accept(firstOffer.id(), agent, "María García"));
      JsonObject assigned = awaitStatus(first, "assigned");
      assertThat(assigned.getJsonObject("data").getJsonObject("agent").getString("name")).isEqualTo("María García");

      VisitorClient.Hello waiting = second.hello(new JsonObject().put("locale", "zz-ZZ"));
      second.send(new JsonObject().put("type", "escalate"));
      awaitStatus(second, "queued");
      JsonObject position = second.awaitType("queue");
      assertThat(position.getInteger("position")).isEqualTo(1);
      // Someone who can take the queue is online (-1 would say nobody is); the figure itself follows recent
      // handling times, which other tests sharing this database make arbitrary.
      assertThat(position.getLong("etaSeconds")).isNotNegative();

      await(handoffs.close(UUID.fromString(first.received().stream()
          .filter(f -> "welcome".equals(f.getString("type"))).findFirst().orElseThrow()
          .getString("conversationId")), agent, "resolved"));
      awaitStatus(first, "closed");
      // After the close: the survey is stored, further messages are refused.
      first.send(new JsonObject().put("type", "survey").put("clientId", "s-0").put("rating", 6));
      assertThat(first.awaitError("invalid_field").getString("message")).contains("1 to 5");
      first.send(new JsonObject().put("type", "survey").put("clientId", "s-1").put("rating", 5)
          .put("comment", "Quick and kind"));
      JsonObject survey = first.awaitEvent(first.awaitAck("s-1").getLong("seq"));
      assertThat(survey.getString("kind")).isEqualTo("survey");
      assertThat(survey.getJsonObject("data").getInteger("rating")).isEqualTo(5);
      first.send(new JsonObject().put("type", "message").put("clientId", "late").put("text", "one more thing"));
      assertThat(first.awaitError("conversation_closed").getString("clientId")).isEqualTo("late");
      awaitStatus(second, "offered");
      assertThat(TestDatabase.column("SELECT offered_to FROM handoffs WHERE conversation_id = ?::uuid",
          waiting.conversationId())).containsExactly(agent);
    } finally {
      await(handoffs.setAvailability(agent, false));
    }
  }

  @Test
  @DisplayName("a conversation is handed off once even when escalated many times at once")
  void escalationIsIdempotent() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      VisitorClient.Hello hello = visitor.hello();
      UUID conversation = UUID.fromString(hello.conversationId());
      List<io.vertx.core.Future<java.util.Optional<Handoff>>> attempts = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        attempts.add(node.handoffs().escalate(conversation, "frustration", null));
      }
      await(io.vertx.core.Future.join(attempts));
      assertThat(TestDatabase.column("SELECT count(*) FROM handoffs WHERE conversation_id = ?::uuid",
          hello.conversationId())).containsExactly(1L);
      long statusEvents = (Long) TestDatabase.column("SELECT count(*) FROM conversation_events WHERE"
          + " conversation_id = ?::uuid AND kind = 'status' AND data->>'status' IN ('queued', 'offline')",
          hello.conversationId()).get(0);
      assertThat(statusEvents).isEqualTo(1);
    }
  }

  @Test
  @DisplayName("a message asking for a person escalates by itself (frustration engine sees HUMAN_REQUESTED)")
  void humanRequestInMessageEscalates() {
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.hello(new JsonObject().put("locale", "en-US"));
      visitor.say("h1", "Can I talk to a real person please?");
      JsonObject status = awaitStatus(visitor, "offline");
      assertThat(status.getJsonObject("data").getString("reason")).isEqualTo("no_agents");
    }
  }
}
