package io.switchboard.agent;

import io.switchboard.app.Gateway;
import io.switchboard.bus.Addresses;
import io.switchboard.handoff.Handoff;
import io.switchboard.handoff.HandoffService;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Agents on a 3-node cluster: chats across nodes, resume anywhere, and exactly-once dispatch under load")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AgentClusterTest {

  private static final JsonArray MEMBERS = new JsonArray().add("127.0.0.1:5821").add("127.0.0.1:5822")
      .add("127.0.0.1:5823");
  private static final int AGENTS = 20;
  private static final int CAPACITY = 3;
  private static final int HANDOFFS = 200;

  private static final List<Gateway> nodes = new ArrayList<>();
  private static Vertx clients;
  private static String admin;

  @BeforeAll
  static void startCluster() {
    // One after the other: simultaneous Hazelcast starts on two cores take much longer to converge.
    for (int port = 5821; port <= 5823; port++) {
      int clusterPort = port;
      nodes.add(TestNodes.start(tree -> {
        tree.getJsonObject("cluster").put("enabled", true).put("port", clusterPort).put("members", MEMBERS);
        tree.getJsonObject("handoff").put("dispatchIntervalMs", 100).put("offerTimeoutMs", 5000);
      }));
    }
    clients = Vertx.vertx();
    admin = AgentTestSupport.adminToken(nodes.get(0).port());
  }

  @AfterAll
  static void stopCluster() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  // ---- visitor on one node, agent on another, and resume on either side ----

  @Test
  @DisplayName("visitor on node A, agent on node B: offer, chat both ways, and each side resumes on the other node"
      + " after a drop with nothing lost or doubled")
  void acrossNodesWithResume() {
    Gateway nodeA = nodes.get(0);
    Gateway nodeB = nodes.get(1);
    AgentTestSupport.Staff staff = AgentTestSupport.agent(nodeA.port(), admin, "Clara Cluster", List.of("qc"), 3);
    AgentClient agent = AgentClient.connect(clients, nodeB.port(), staff.token());
    VisitorClient visitor = VisitorClient.connect(clients, nodeA.port());
    try {
      agent.hello(null);
      agent.available(true);
      VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "qc"));
      String conversationId = hello.conversationId();
      visitor.say("v-1", "I need help with my invoice");
      visitor.send(new JsonObject().put("type", "escalate"));

      JsonObject offer = agent.awaitOffer(conversationId);
      agent.send(new JsonObject().put("type", "accept").put("handoffId", offer.getJsonObject("handoff").getString("id")));
      agent.awaitDone("accept");
      agent.awaitSynced(conversationId);
      visitor.await(f -> "event".equals(f.getString("type"))
          && "assigned".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "assigned");

      long agentSeq = AgentProtocolTest.sendAgent(agent, "message", conversationId, "a-1", "Hello from node B")
          .getLong("seq");
      assertThat(visitor.awaitEvent(agentSeq).getString("text")).isEqualTo("Hello from node B");
      long visitorSeq = visitor.say("v-2", "Hello from node A").getLong("seq");
      assertThat(agent.awaitEvent(conversationId, visitorSeq).getString("text")).isEqualTo("Hello from node A");

      // The agent drops; the visitor writes; the agent resumes on node A from the last seq it saw.
      long agentSaw = visitorSeq;
      agent.drop();
      agent.awaitClose();
      List<Long> missedByAgent = List.of(visitor.say("v-3", "are you there?").getLong("seq"),
          visitor.say("v-4", "hello?").getLong("seq"));
      agent = AgentClient.connect(clients, nodeA.port(), staff.token());
      JsonObject welcome = agent.hello(new JsonObject().put(conversationId, agentSaw));
      assertThat(welcome.getJsonArray("owned").getJsonObject(0).getJsonObject("handoff").getString("state"))
          .isEqualTo("assigned");
      JsonObject synced = agent.awaitSynced(conversationId);
      assertThat(synced.getLong("lastSeq")).isEqualTo(missedByAgent.get(1));
      assertThat(agent.eventsOf(conversationId)).extracting(e -> e.getLong("seq"))
          .containsExactlyElementsOf(missedByAgent);

      // The visitor drops; the agent writes; the visitor resumes on node B.
      long visitorSaw = missedByAgent.get(1);
      visitor.drop();
      visitor.awaitClose();
      List<Long> missedByVisitor = List.of(
          AgentProtocolTest.sendAgent(agent, "message", conversationId, "a-2", "yes, sorry").getLong("seq"),
          AgentProtocolTest.sendAgent(agent, "note", conversationId, "n-1", "visitor reconnecting").getLong("seq"),
          AgentProtocolTest.sendAgent(agent, "message", conversationId, "a-3", "your invoice is fixed")
              .getLong("seq"));
      visitor = VisitorClient.connect(clients, nodeB.port());
      VisitorClient.Hello resumed = visitor.hello(new JsonObject().put("token", hello.token())
          .put("conversationId", conversationId).put("lastSeq", visitorSaw));
      // The note keeps its number but is never shown to the visitor.
      assertThat(resumed.events()).extracting(e -> e.getLong("seq"))
          .containsExactly(missedByVisitor.get(0), missedByVisitor.get(2));
      assertThat(resumed.events()).extracting(e -> e.getString("text"))
          .containsExactly("yes, sorry", "your invoice is fixed");

      // Live again on both sides, nothing twice.
      long live = visitor.say("v-5", "thank you!").getLong("seq");
      agent.awaitEvent(conversationId, live);
      agent.send(new JsonObject().put("type", "close").put("conversationId", conversationId)
          .put("resolution", "resolved"));
      agent.awaitDone("close");
      visitor.await(f -> "event".equals(f.getString("type"))
          && "closed".equals(f.getJsonObject("event").getJsonObject("data", new JsonObject()).getString("status")),
          "closed");
      List<Long> agentSeqs = agent.eventsOf(conversationId).stream().map(e -> e.getLong("seq")).toList();
      assertThat(agentSeqs).doesNotHaveDuplicates().isSorted();
      agent.send(new JsonObject().put("type", "finish"));
      agent.awaitDone("finish");
    } finally {
      agent.close();
      visitor.close();
    }
  }

  // ---- 200 hand-offs, 20 agents of capacity 3 on 3 nodes ----

  @Test
  @DisplayName("200 simultaneous hand-offs over 3 nodes: each assigned exactly once, no agent over capacity, none lost")
  void exactlyOnceUnderLoad() throws Exception {
    String language = "zc";
    List<UUID> agents = createAgents(language);
    Map<UUID, AtomicInteger> accepted = new ConcurrentHashMap<>();
    AtomicInteger acceptFailures = new AtomicInteger();
    List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
    List<Long> heartbeatTimers = new ArrayList<>();
    for (int n = 0; n < nodes.size(); n++) {
      Gateway node = nodes.get(n);
      List<UUID> mine = new ArrayList<>();
      for (int i = n; i < agents.size(); i += nodes.size()) {
        mine.add(agents.get(i));
      }
      for (UUID agentId : mine) {
        consumers.add(node.vertx().eventBus().<JsonObject>consumer(Addresses.agent(agentId),
            message -> onNotice(node, agentId, message.body(), accepted, acceptFailures)));
      }
      heartbeatTimers.add(node.vertx().setPeriodic(300, id -> node.handoffs().heartbeat(mine)));
    }
    await(Future.all(consumers.stream().map(MessageConsumer::completion).toList()));
    for (int i = 0; i < agents.size(); i++) {
      await(nodes.get(i % nodes.size()).handoffs().setAvailability(agents.get(i), true));
    }

    AtomicBoolean sampling = new AtomicBoolean(true);
    AtomicLong maxLoad = new AtomicLong();
    AtomicInteger samples = new AtomicInteger();
    Thread sampler = new Thread(() -> {
      while (sampling.get()) {
        List<Object> loads = TestDatabase.column("SELECT coalesce(max(c), 0) FROM (SELECT count(*) AS c FROM handoffs"
            + " WHERE language = ? AND state IN ('assigned', 'offered') GROUP BY coalesce(assigned_to, offered_to)) x",
            language);
        maxLoad.accumulateAndGet((Long) loads.get(0), Math::max);
        samples.incrementAndGet();
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "capacity-sampler");
    sampler.start();

    List<UUID> conversations = createConversations(language, HANDOFFS);
    List<Future<Optional<Handoff>>> escalations = new ArrayList<>();
    for (int i = 0; i < conversations.size(); i++) {
      escalations.add(nodes.get(i % nodes.size()).handoffs().escalate(conversations.get(i), "load_test", null));
    }
    await(Future.all(new ArrayList<>(escalations)));
    assertThat(escalations).allMatch(f -> f.result().isPresent());

    long deadline = System.currentTimeMillis() + 150_000;
    long closed = 0;
    while (System.currentTimeMillis() < deadline) {
      closed = (Long) TestDatabase.column("SELECT count(*) FROM handoffs WHERE language = ? AND state = 'closed'",
          language).get(0);
      if (closed == HANDOFFS) {
        break;
      }
      Thread.sleep(100);
    }
    sampling.set(false);
    sampler.join();
    for (int n = 0; n < nodes.size(); n++) {
      nodes.get(n).vertx().cancelTimer(heartbeatTimers.get(n));
    }
    consumers.forEach(MessageConsumer::unregister);
    for (int i = 0; i < agents.size(); i++) {
      await(nodes.get(i % nodes.size()).handoffs().setAvailability(agents.get(i), false));
    }

    assertThat(closed).as("hand-offs drained to closed").isEqualTo(HANDOFFS);
    assertThat(accepted).as("hand-offs accepted").hasSize(HANDOFFS);
    assertThat(accepted.values()).as("successful accepts per hand-off").allMatch(count -> count.get() == 1);
    assertThat(maxLoad.get()).as("largest load of one agent seen in " + samples.get() + " samples")
        .isBetween(1L, (long) CAPACITY);
    assertThat(TestDatabase.column("SELECT count(*) FROM handoffs h JOIN conversations c ON c.id = h.conversation_id"
        + " WHERE c.language = ?", language)).containsExactly((long) HANDOFFS);
    assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events e JOIN conversations c"
        + " ON c.id = e.conversation_id WHERE c.language = ? AND e.data->>'status' = 'assigned'", language))
        .as("assigned status events (one per conversation)").containsExactly((long) HANDOFFS);
    assertThat(TestDatabase.column("SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM conversation_events e"
        + " JOIN conversations c ON c.id = e.conversation_id WHERE c.language = ? AND e.data->>'status' = 'assigned'"
        + " GROUP BY e.conversation_id) x", language)).containsExactly(1L);
    assertThat(TestDatabase.column("SELECT count(*) FROM handoffs WHERE language = ? AND resolution = 'resolved'"
        + " AND assigned_to IS NOT NULL", language)).containsExactly((long) HANDOFFS);
    assertThat(acceptFailures.get()).as("accepts refused (offers that expired first)").isLessThan(HANDOFFS / 10);
  }

  /** The agent's console, reduced to its reflexes: accept every offer, chat a little, close, finish wrap-up. */
  private static void onNotice(Gateway node, UUID agentId, JsonObject notice, Map<UUID, AtomicInteger> accepted,
                               AtomicInteger acceptFailures) {
    if (!"offer".equals(notice.getString("type"))) {
      return;
    }
    HandoffService handoffs = node.handoffs();
    UUID handoffId = UUID.fromString(notice.getJsonObject("handoff").getString("id"));
    UUID conversationId = UUID.fromString(notice.getJsonObject("handoff").getString("conversationId"));
    handoffs.accept(handoffId, agentId, "Load Agent")
        .onFailure(failure -> acceptFailures.incrementAndGet())
        .onSuccess(assigned -> {
          accepted.computeIfAbsent(handoffId, id -> new AtomicInteger()).incrementAndGet();
          node.vertx().setTimer(ThreadLocalRandom.current().nextInt(20, 120), id ->
              handoffs.close(conversationId, agentId, "resolved")
                  .compose(done -> handoffs.finishWrapUp(agentId)));
        });
  }

  private static List<UUID> createAgents(String language) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Connection jdbc = TestDatabase.get().openJdbc();
         PreparedStatement account = jdbc.prepareStatement("INSERT INTO accounts (id, username, display_name,"
             + " password_hash, roles) VALUES (?, ?, ?, 'not-a-login', '{agent}')");
         PreparedStatement profile = jdbc.prepareStatement("INSERT INTO agent_profiles (account_id, languages,"
             + " max_chats) VALUES (?, ?, ?)")) {
      for (int i = 0; i < AGENTS; i++) {
        UUID id = UUID.randomUUID();
        account.setObject(1, id);
        account.setString(2, AgentTestSupport.unique("load"));
        account.setString(3, "Load Agent " + i);
        account.executeUpdate();
        profile.setObject(1, id);
        profile.setArray(2, jdbc.createArrayOf("text", new Object[] {language}));
        profile.setInt(3, CAPACITY);
        profile.executeUpdate();
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<UUID> createConversations(String language, int count) throws Exception {
    List<UUID> ids = new ArrayList<>();
    try (Connection jdbc = TestDatabase.get().openJdbc();
         PreparedStatement visitor = jdbc.prepareStatement("INSERT INTO visitors (id, locale) VALUES (?, ?)");
         PreparedStatement conversation = jdbc.prepareStatement("INSERT INTO conversations (id, visitor_id, language)"
             + " VALUES (?, ?, ?)")) {
      for (int i = 0; i < count; i++) {
        UUID visitorId = UUID.randomUUID();
        UUID conversationId = UUID.randomUUID();
        visitor.setObject(1, visitorId);
        visitor.setString(2, language);
        visitor.addBatch();
        conversation.setObject(1, conversationId);
        conversation.setObject(2, visitorId);
        conversation.setString(3, language);
        conversation.addBatch();
        ids.add(conversationId);
      }
      visitor.executeBatch();
      conversation.executeBatch();
    }
    return ids;
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }
}
