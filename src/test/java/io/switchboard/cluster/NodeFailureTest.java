package io.switchboard.cluster;

import io.switchboard.app.Gateway;
import io.switchboard.handoff.Handoff;
import io.switchboard.handoff.HandoffService;
import io.switchboard.testing.ProcessNode;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("kill -9 of a node: conversations and hand-offs survive, clients resume on the surviving node")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeFailureTest {

  private static final String MEMBERS = "127.0.0.1:5851,127.0.0.1:5852";
  private static final int VISITORS = 6;

  private static Gateway survivor;
  private static ProcessNode doomed;
  private static Vertx clients;

  @BeforeAll
  static void startCluster() throws Exception {
    JsonArray members = new JsonArray(List.of(MEMBERS.split(",")));
    survivor = TestNodes.start(tree -> {
      tree.getJsonObject("cluster").put("enabled", true).put("port", 5851).put("members", members);
      tree.getJsonObject("handoff").put("dispatchIntervalMs", 200).put("offerTimeoutMs", 60_000);
    });
    doomed = ProcessNode.start(Map.of("cluster.enabled", "true", "cluster.port", "5852", "cluster.members", MEMBERS,
        "handoff.dispatchIntervalMs", "200", "handoff.offerTimeoutMs", "60000"));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().toCompletionStage().toCompletableFuture().join();
    doomed.close();
    survivor.close();
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  @DisplayName("visitors on the killed node resume elsewhere with nothing lost, and their hand-offs all get assigned")
  void killNineLosesNothing() throws Exception {
    UUID agent = (UUID) TestDatabase.column("SELECT id FROM accounts WHERE username = 'ivan'").get(0);
    HandoffService handoffs = survivor.handoffs();
    await(handoffs.ensureAgent(agent));
    TestDatabase.column("UPDATE agent_profiles SET languages = '{ru,en}', max_chats = 3 WHERE account_id = ?"
        + " RETURNING 1", agent);
    long heartbeats = survivor.vertx().setPeriodic(300, id -> handoffs.heartbeat(List.of(agent)));
    await(handoffs.setAvailability(agent, true));
    try {
      List<VisitorClient.Hello> hellos = new ArrayList<>();
      List<Long> acked = new ArrayList<>();
      for (int i = 0; i < VISITORS; i++) {
        VisitorClient visitor = VisitorClient.connect(clients, doomed.port());
        VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", "ru-RU"));
        hellos.add(hello);
        acked.add(visitor.say("before-" + i, "Сообщение до падения " + i).getLong("seq"));
        visitor.send(new JsonObject().put("type", "escalate"));
        visitor.awaitType("escalated");
        // Some get offered to the agent (capacity 3), the rest wait in the queue: both kinds die with the node.
      }
      doomed.kill();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (int i = 0; i < VISITORS; i++) {
        VisitorClient.Hello before = hellos.get(i);
        try (VisitorClient resumed = VisitorClient.connect(clients, survivor.port())) {
          VisitorClient.Hello again = resumed.hello(new JsonObject().put("token", before.token())
              .put("conversationId", before.conversationId()).put("lastSeq", 0));
          assertThat(again.events()).extracting(e -> e.getString("text"))
              .contains("Сообщение до падения " + i);
          List<Long> seqs = again.events().stream().map(e -> e.getLong("seq")).toList();
          assertThat(seqs).doesNotHaveDuplicates().isSorted().contains(acked.get(i));
          JsonObject more = resumed.say("after-" + i, "После падения " + i);
          assertThat(more.getLong("seq")).isGreaterThan(seqs.get(seqs.size() - 1));
        }
      }

      int assigned = 0;
      while (assigned < VISITORS && System.nanoTime() < deadline) {
        for (Handoff offered : await(handoffs.ownedBy(agent))) {
          if (offered.state() == io.switchboard.handoff.HandoffState.OFFERED) {
            await(handoffs.accept(offered.id(), agent, "Иван Петров"));
            assigned++;
          } else if (offered.state() == io.switchboard.handoff.HandoffState.ASSIGNED) {
            await(handoffs.close(offered.conversationId(), agent, "resolved"));
          }
        }
        await(handoffs.finishWrapUp(agent));
        await(survivor.vertx().timer(100));
      }
      for (VisitorClient.Hello hello : hellos) {
        assertThat(TestDatabase.column("SELECT count(*) FROM handoffs WHERE conversation_id = ?::uuid"
            + " AND assigned_at IS NOT NULL", hello.conversationId()))
            .as("conversation %s assigned exactly once", hello.conversationId()).containsExactly(1L);
      }
    } finally {
      survivor.vertx().cancelTimer(heartbeats);
      await(handoffs.setAvailability(agent, false));
    }
  }
}
