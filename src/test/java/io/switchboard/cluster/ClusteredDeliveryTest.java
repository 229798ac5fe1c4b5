package io.switchboard.cluster;

import io.switchboard.app.Gateway;
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

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Two clustered nodes deliver a conversation's events live to clients on either node")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusteredDeliveryTest {

  private static final JsonArray MEMBERS = new JsonArray().add("127.0.0.1:5811").add("127.0.0.1:5812");

  private static Gateway nodeA;
  private static Gateway nodeB;
  private static Vertx clients;

  @BeforeAll
  static void startCluster() {
    // One after the other: simultaneous Hazelcast starts on two cores take much longer to converge.
    nodeA = TestNodes.start(tree -> tree.getJsonObject("cluster").put("enabled", true).put("port", 5811)
        .put("members", MEMBERS));
    nodeB = TestNodes.start(tree -> tree.getJsonObject("cluster").put("enabled", true).put("port", 5812)
        .put("members", MEMBERS));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stopCluster() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    nodeB.close();
    nodeA.close();
  }

  @Test
  @DisplayName("a message sent through node A reaches the visitor's other tab on node B live, and vice versa")
  void liveAcrossNodes() {
    try (VisitorClient tabA = VisitorClient.connect(clients, nodeA.port())) {
      VisitorClient.Hello hello = tabA.hello();
      try (VisitorClient tabB = VisitorClient.connect(clients, nodeB.port())) {
        tabB.hello(new JsonObject().put("token", hello.token()).put("conversationId", hello.conversationId())
            .put("lastSeq", hello.lastSeq()));

        long fromA = tabA.say("via-a", "sent through node A").getLong("seq");
        long fromB = tabB.say("via-b", "sent through node B").getLong("seq");

        assertThat(tabB.awaitEvent(fromA).getString("text")).isEqualTo("sent through node A");
        assertThat(tabA.awaitEvent(fromB).getString("text")).isEqualTo("sent through node B");
        assertThat(nodeA.vertx().isClustered()).isTrue();
      }
    }
  }
}
