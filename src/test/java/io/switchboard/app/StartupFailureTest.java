package io.switchboard.app;

import io.switchboard.config.ConfigException;
import io.switchboard.testing.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("When startup cannot proceed the gateway says which setting to fix")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StartupFailureTest {

  @TempDir
  Path dir;

  @Test
  @DisplayName("a port already in use names http.port")
  void portTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
      assertThatThrownBy(() -> TestNodes.start(tree -> tree.getJsonObject("http").put("port", taken.getLocalPort())))
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("http.port (SWITCHBOARD_HTTP_PORT): port " + taken.getLocalPort())
          .hasMessageContaining("already in use");
    }
  }

  @Test
  @DisplayName("an unreachable external database names database.host")
  void databaseUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    int port = closedPort;
    assertThatThrownBy(() -> Gateway.start(TestNodes.config(tree -> tree.getJsonObject("database")
        .put("host", "127.0.0.1").put("port", port).put("connectTimeoutMs", 1000))))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("database.host (SWITCHBOARD_DATABASE_HOST): cannot connect to PostgreSQL at 127.0.0.1:"
            + port);
  }

  @Test
  @DisplayName("the command line prints the setting to fix and exits with status 2")
  void commandLineExitStatus() throws Exception {
    Path config = dir.resolve("bad.json");
    Files.writeString(config, "{\"demo\": {\"enabled\": true}, \"http\": {\"port\": \"eighty\"}}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream original = System.err;
    int status;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      status = Main.execute(new String[] {"run", "--config", config.toString()});
    } finally {
      System.setErr(original);
    }
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("Switchboard cannot start: http.port (SWITCHBOARD_HTTP_PORT): expected a whole number");
  }

  @Test
  @DisplayName("an unknown command prints usage and exits with status 1")
  void unknownCommand() {
    assertThat(Main.execute(new String[] {"fly"})).isEqualTo(1);
  }
}
