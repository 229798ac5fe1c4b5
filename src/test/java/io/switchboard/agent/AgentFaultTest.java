package io.switchboard.agent;

import io.switchboard.app.Gateway;
import io.switchboard.handoff.Handoff;
import io.switchboard.handoff.HandoffService;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.switchboard.agent.AgentClusterTest.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Hand-off faults in one process: lost agents, missed offers, priority and aging, capacity under races")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AgentFaultTest {

  private static Gateway node;
  private static Vertx clients;
  private static String admin;

  @BeforeAll
  static void startNode() {
    node = TestNodes.start(tree -> tree.getJsonObject("handoff").put("dispatchIntervalMs", 100)
        .put("offerTimeoutMs", 1000).put("agentGraceMs", 1500).put("presenceHeartbeatMs", 300));
    clients = Vertx.vertx();
    admin = AgentTestSupport.adminToken(node.port());
  }

  @AfterAll
  static void stopNode() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  @Test
  @DisplayName("an agent who disconnects gets their chats re-queued at the front after the grace period")
  void lostAgentRequeuedAtFront() throws InterruptedException {
    AgentTestSupport.Staff first = AgentTestSupport.agent(node.port(), admin, "Lost Larry", List.of("ql"), 1);
    AgentTestSupport.Staff second = AgentTestSupport.agent(node.port(), admin, "Next Nina", List.of("ql"), 1);
    try (VisitorClient v1 = VisitorClient.connect(clients, node.port());
         VisitorClient v2 = VisitorClient.connect(clients, node.port())) {
      AgentClient larry = AgentClient.connect(clients, node.port(), first.token());
      larry.hello(null);
      larry.available(true);
      String c1 = escalate(v1, "ql");
      JsonObject offer = larry.awaitOffer(c1);
      larry.send(new JsonObject().put("type", "accept").put("handoffId", offer.getJsonObject("handoff").getString("id")));
      larry.awaitDone("accept");
      // While connected, the node's presence heartbeats keep the chat Larry's well past the grace period.
      long deadline = System.currentTimeMillis() + 10_000;
      while ((Boolean) TestDatabase.column("SELECT assigned_at > now() - interval '3500 milliseconds' FROM handoffs"
          + " WHERE conversation_id = ?::uuid", c1).get(0)) {
        assertThat(System.currentTimeMillis()).isLessThan(deadline);
        Thread.sleep(100);
      }
      assertThat(TestDatabase.column("SELECT state FROM handoffs WHERE conversation_id = ?::uuid", c1))
          .containsExactly("assigned");

      // A second visitor waits (Larry is full) and is much angrier: naturally ahead of anyone calm.
      String c2 = escalate(v2, "ql");
      awaitStatus(v2, "queued");
      await(node.handoffs().frustrationChanged(UUID.fromString(c2), 0.95));

      larry.drop();
      larry.awaitClose();
      JsonObject requeued = v1.await(f -> "event".equals(f.getString("type"))
          && "agent_lost".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("reason")),
          "re-queued because the agent was lost").getJsonObject("event");
      assertThat(requeued.getJsonObject("data").getString("status")).isEqualTo("queued");
      assertThat(TestDatabase.column("SELECT available FROM agent_presence WHERE account_id = ?::uuid", first.id()))
          .containsExactly(false);
      List<String> order = queueOrder(c1, c2);
      assertThat(order).containsExactly(c1, c2);

      try (AgentClient nina = AgentClient.connect(clients, node.port(), second.token())) {
        nina.hello(null);
        nina.available(true);
        JsonObject next = nina.awaitOffer(c1);
        assertThat(next.getJsonObject("handoff").getString("conversationId")).isEqualTo(c1);
        assertThat(nina.received()).noneMatch(f -> "offer".equals(f.getString("type"))
            && c2.equals(f.getJsonObject("handoff").getString("conversationId")));
        nina.available(false);
      }
    }
  }

  @Test
  @DisplayName("an offer not accepted in time is revoked and goes to the next agent; the first is set away")
  void missedOfferGoesToNextAgent() {
    AgentTestSupport.Staff first = AgentTestSupport.agent(node.port(), admin, "Slow Sam", List.of("qo"), 2);
    AgentTestSupport.Staff second = AgentTestSupport.agent(node.port(), admin, "Quick Quinn", List.of("qo"), 2);
    try (AgentClient sam = AgentClient.connect(clients, node.port(), first.token());
         AgentClient quinn = AgentClient.connect(clients, node.port(), second.token());
         VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      sam.hello(null);
      quinn.hello(null);
      sam.available(true);
      quinn.available(true);
      String conversationId = escalate(visitor, "qo");

      JsonObject missed = sam.awaitOffer(conversationId);
      String handoffId = missed.getJsonObject("handoff").getString("id");
      JsonObject revoked = sam.awaitType("offer_revoked");
      assertThat(revoked.getString("handoffId")).isEqualTo(handoffId);
      assertThat(revoked.getString("reason")).isEqualTo("expired");
      JsonObject offer = quinn.awaitOffer(conversationId);
      assertThat(offer.getJsonObject("handoff").getString("id")).isEqualTo(handoffId);
      quinn.send(new JsonObject().put("type", "accept").put("handoffId", handoffId));
      quinn.awaitDone("accept");
      sam.send(new JsonObject().put("type", "accept").put("handoffId", handoffId));
      sam.awaitError("offer_gone");

      assertThat(TestDatabase.column("SELECT assigned_to::text FROM handoffs WHERE id = ?::uuid", handoffId))
          .containsExactly(second.id());
      assertThat(TestDatabase.column("SELECT available FROM agent_presence WHERE account_id = ?::uuid", first.id()))
          .containsExactly(false);
      quinn.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "resolved"));
      quinn.awaitDone("close");
      quinn.available(false);
    }
  }

  @Test
  @DisplayName("rising frustration moves a waiting visitor up; aging lets an old calm one through first")
  void priorityAndAging() {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Paula Priority", List.of("qp"), 1);
    try (AgentClient paula = AgentClient.connect(clients, node.port(), staff.token())) {
      paula.hello(null);
      paula.available(true);
      List<UUID> conversations = conversations("qp", 3);
      String busy = conversations.get(0).toString();
      String calm = conversations.get(1).toString();
      String angry = conversations.get(2).toString();
      HandoffService handoffs = node.handoffs();
      await(handoffs.escalate(conversations.get(0), "test", null));
      JsonObject offer = paula.awaitOffer(busy);
      paula.send(new JsonObject().put("type", "accept").put("handoffId", offer.getJsonObject("handoff").getString("id")));
      paula.awaitDone("accept");

      await(handoffs.escalate(conversations.get(1), "test", null));
      await(handoffs.escalate(conversations.get(2), "test", null));
      assertThat(queueOrder(calm, angry)).as("first come, first served when equally calm").containsExactly(calm, angry);

      await(handoffs.frustrationChanged(conversations.get(2), 0.9));
      assertThat(queueOrder(calm, angry)).as("frustration jumps the queue").containsExactly(angry, calm);

      TestDatabase.column("UPDATE handoffs SET enqueued_at = now() - interval '10 minutes'"
          + " WHERE conversation_id = ?::uuid RETURNING 1", calm);
      assertThat(queueOrder(calm, angry)).as("ten minutes of waiting outrank 0.9 frustration")
          .containsExactly(calm, angry);

      // The dispatcher follows the same order when Paula's chat ends: the old calm visitor is offered first.
      paula.send(new JsonObject().put("type", "close").put("conversationId", busy).put("resolution", "resolved"));
      paula.awaitDone("close");
      JsonObject next = paula.await(f -> "offer".equals(f.getString("type")), "the next offer");
      assertThat(next.getJsonObject("handoff").getString("conversationId")).isEqualTo(calm);
      paula.available(false);
      paula.send(new JsonObject().put("type", "decline").put("handoffId", next.getJsonObject("handoff")
          .getString("id")));
      paula.awaitDone("decline");
    }
  }

  @Test
  @DisplayName("a pick racing a concurrent assignment to the same agent cannot push the agent over capacity")
  void pickCannotExceedCapacityUnderRace() throws Exception {
    AgentTestSupport.Staff staff = AgentTestSupport.agent(node.port(), admin, "Racy Rita", List.of("qr"), 1);
    UUID agentId = staff.uuid();
    // Connected as far as presence goes (what hello does), so the lost-agent sweep leaves Rita's chat alone.
    await(node.handoffs().ensureAgent(agentId));
    await(node.handoffs().heartbeat(List.of(agentId)));
    List<UUID> conversations = conversations("qr", 2);
    UUID first = insertQueued(conversations.get(0), "qr");
    UUID second = insertQueued(conversations.get(1), "qr");

    Future<Handoff> picked;
    try (Connection other = TestDatabase.get().openJdbc()) {
      // Another node's transaction holds the agent's presence lock and gives them their one chat...
      other.setAutoCommit(false);
      try (PreparedStatement lock = other.prepareStatement(
          "SELECT 1 FROM agent_presence WHERE account_id = ? FOR UPDATE")) {
        lock.setObject(1, agentId);
        lock.executeQuery();
      }
      try (PreparedStatement assign = other.prepareStatement("UPDATE handoffs SET state = 'assigned',"
          + " assigned_to = ?, assigned_at = now() WHERE id = ?")) {
        assign.setObject(1, agentId);
        assign.setObject(2, first);
        assign.executeUpdate();
      }
      // ...while this node's pick of a second chat waits for that lock...
      picked = node.handoffs().pick(second, agentId, "Racy Rita");
      long deadline = System.currentTimeMillis() + 10_000;
      while ((Long) TestDatabase.column("SELECT count(*) FROM pg_locks WHERE NOT granted").get(0) == 0) {
        assertThat(System.currentTimeMillis()).as("pick waiting for the agent's lock").isLessThan(deadline);
        Thread.sleep(10);
      }
      other.commit();
    }
    // ...and must then see the committed chat, not the load from before it waited.
    Future<Handoff> outcome = picked;
    assertThatThrownBy(() -> await(outcome)).isInstanceOf(AssertionError.class);
    assertThat(outcome.cause()).isInstanceOf(HandoffService.HandoffException.class);
    assertThat(((HandoffService.HandoffException) outcome.cause()).code()).isEqualTo("at_capacity");
    assertThat(TestDatabase.column("SELECT count(*) FROM handoffs WHERE assigned_to = ?::uuid AND state = 'assigned'",
        staff.id())).containsExactly(1L);
  }

  // ---- helpers ----

  private static String escalate(VisitorClient visitor, String language) {
    VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", language));
    visitor.send(new JsonObject().put("type", "escalate"));
    visitor.awaitType("escalated");
    return hello.conversationId();
  }

  private static JsonObject awaitStatus(VisitorClient visitor, String status) {
    return visitor.await(f -> "event".equals(f.getString("type"))
        && status.equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
        "status " + status).getJsonObject("event");
  }

  /** The given conversations in the order the live queue lists them. */
  private static List<String> queueOrder(String... conversationIds) {
    List<String> wanted = List.of(conversationIds);
    JsonArray queue = await(node.handoffs().queueSnapshot());
    List<String> order = new ArrayList<>();
    for (Object row : queue) {
      String conversationId = ((JsonObject) row).getString("conversationId");
      if (wanted.contains(conversationId)) {
        order.add(conversationId);
      }
    }
    return order;
  }

  private static List<UUID> conversations(String language, int count) {
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      UUID visitorId = UUID.randomUUID();
      UUID conversationId = UUID.randomUUID();
      TestDatabase.column("INSERT INTO visitors (id, locale) VALUES (?::uuid, ?) RETURNING 1", visitorId.toString(),
          language);
      TestDatabase.column("INSERT INTO conversations (id, visitor_id, language) VALUES (?::uuid, ?::uuid, ?)"
          + " RETURNING 1", conversationId.toString(), visitorId.toString(), language);
      ids.add(conversationId);
    }
    return ids;
  }

  private static UUID insertQueued(UUID conversationId, String language) {
    UUID id = UUID.randomUUID();
    TestDatabase.column("INSERT INTO handoffs (id, conversation_id, queue_id, state, reason, language, packet)"
        + " VALUES (?::uuid, ?::uuid, 'general', 'queued', 'test', ?, '{}') RETURNING 1", id.toString(),
        conversationId.toString(), language);
    return id;
  }
}
