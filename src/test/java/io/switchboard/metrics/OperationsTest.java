package io.switchboard.metrics;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Health, readiness and Prometheus metrics")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OperationsTest {

  private static Gateway node;
  private static Vertx clients;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    clients.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static double metric(String body, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*} (\\S+)$")
        .matcher(body);
    assertThat(m.find()).as("metric %s{%s} in /metrics", name, labels).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  @DisplayName("/health is UP and /ready reports the database and schema version")
  void healthAndReady() {
    Http.Response health = Http.get(node.port(), "/health", null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().getString("outcome")).isEqualTo("UP");
    Http.Response ready = Http.get(node.port(), "/ready", null);
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.body()).contains("\"schemaVersion\"");
  }

  @Test
  @DisplayName("/metrics counts open visitor connections, stored messages and acknowledgement latency")
  void metricsFollowTraffic() {
    String before = Http.get(node.port(), "/metrics", null).body();
    double storedBefore = metric(before, "switchboard_messages_received_total", "role=\"visitor\"");
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.hello();
      visitor.say("m1", "one");
      visitor.say("m2", "two");
      visitor.say("m1", "one");

      String during = Http.get(node.port(), "/metrics", null).body();
      assertThat(metric(during, "switchboard_connections_open", "role=\"visitor\"")).isGreaterThanOrEqualTo(1);
      assertThat(metric(during, "switchboard_messages_received_total", "role=\"visitor\""))
          .as("the retry is not counted").isEqualTo(storedBefore + 2);
      assertThat(metric(during, "switchboard_ack_latency_seconds_count", "role=\"visitor\"")).isGreaterThanOrEqualTo(3);
      assertThat(during).contains("switchboard_ack_latency_seconds_bucket");
    }
  }

  @Test
  @DisplayName("an unknown API path answers a JSON 404")
  void unknownApiPath() {
    Http.Response response = Http.get(node.port(), "/api/nothing-here", null);
    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().getString("error")).isEqualTo("not_found");
  }
}
