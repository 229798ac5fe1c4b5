package io.switchboard.gateway;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("With http.allowedOrigins set, only those browser origins may open WebSockets")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OriginCheckTest {

  private static Gateway node;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNodes.start(tree -> tree.getJsonObject("http")
        .put("allowedOrigins", new JsonArray().add("https://shop.example")));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static WebSocket open(String path, String origin) throws Exception {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port())
        .setURI(path).addHeader("Origin", origin);
    return clients.createWebSocketClient().connect(options).toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a listed origin is upgraded; a foreign one gets 403 before any upgrade, on both endpoints")
  void onlyListedOrigins() throws Exception {
    WebSocket allowed = open("/ws/visitor", "https://shop.example");
    assertThat(allowed.isClosed()).isFalse();
    allowed.close();
    for (String path : new String[] {"/ws/visitor", "/ws/agent"}) {
      assertThatThrownBy(() -> open(path, "https://evil.example"))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(UpgradeRejectedException.class)
          .satisfies(e -> assertThat(((UpgradeRejectedException) e).getStatus()).isEqualTo(403));
    }
  }
}
