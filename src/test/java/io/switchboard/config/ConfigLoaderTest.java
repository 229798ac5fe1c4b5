package io.switchboard.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Configuration: defaults, then file, then environment, then system properties")
class ConfigLoaderTest {

  @TempDir
  Path dir;

  private Path file(String json) throws IOException {
    Path file = dir.resolve("config.json");
    Files.writeString(file, json);
    return file;
  }

  private static Properties props(String... pairs) {
    Properties properties = new Properties();
    for (int i = 0; i < pairs.length; i += 2) {
      properties.setProperty(pairs[i], pairs[i + 1]);
    }
    return properties;
  }

  @Test
  @DisplayName("environment variable names are derived from the dotted camelCase path")
  void envNames() {
    assertThat(ConfigLoader.envName("http.port")).isEqualTo("SWITCHBOARD_HTTP_PORT");
    assertThat(ConfigLoader.envName("visitor.maxMessageLength")).isEqualTo("SWITCHBOARD_VISITOR_MAX_MESSAGE_LENGTH");
  }

  @Test
  @DisplayName("the file overrides the defaults and the environment overrides the file")
  void environmentWinsOverFile() throws IOException {
    Path file = file("{\"http\": {\"port\": 9000}, \"visitor\": {\"maxMessageLength\": 300}, \"demo\": {\"enabled\": true}}");
    SwitchboardConfig fileOnly = new ConfigLoader(Map.of(), new Properties()).load(file);
    SwitchboardConfig withEnv = new ConfigLoader(Map.of("SWITCHBOARD_HTTP_PORT", "9100"), new Properties()).load(file);

    assertThat(fileOnly.http().port()).isEqualTo(9000);
    assertThat(fileOnly.visitor().maxMessageLength()).isEqualTo(300);
    assertThat(fileOnly.visitor().messagesPerSecond()).as("untouched default").isEqualTo(5);
    assertThat(withEnv.http().port()).isEqualTo(9100);
    assertThat(withEnv.visitor().maxMessageLength()).isEqualTo(300);
  }

  @Test
  @DisplayName("system properties override the environment; lists are comma-separated")
  void propertiesWinOverEnvironment() throws IOException {
    Path file = file("{\"demo\": {\"enabled\": true}}");
    SwitchboardConfig config = new ConfigLoader(
        Map.of("SWITCHBOARD_HTTP_PORT", "9100", "SWITCHBOARD_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701"),
        props("switchboard.http.port", "9200")).load(file);
    assertThat(config.http().port()).isEqualTo(9200);
    assertThat(config.cluster().members()).containsExactly("10.0.0.1:5701", "10.0.0.2:5701");
  }

  @Test
  @DisplayName("a bad value names the setting and its environment variable")
  void badValueNamed() throws IOException {
    Path file = file("{\"demo\": {\"enabled\": true}}");
    assertThatThrownBy(() -> new ConfigLoader(Map.of("SWITCHBOARD_HTTP_PORT", "eighty"), new Properties()).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.port (SWITCHBOARD_HTTP_PORT): expected a whole number but got 'eighty'");
    assertThatThrownBy(() -> new ConfigLoader(Map.of("SWITCHBOARD_HTTP_PORT", "70000"), new Properties()).load(file))
        .hasMessage("http.port (SWITCHBOARD_HTTP_PORT): must be between 0 and 65535 but was 70000");
    assertThatThrownBy(() -> new ConfigLoader(Map.of("SWITCHBOARD_VISITOR_COMPRESSION", "maybe"), new Properties())
        .load(file)).hasMessageContaining("visitor.compression (SWITCHBOARD_VISITOR_COMPRESSION): expected true or false");
  }

  @Test
  @DisplayName("an unknown key in the file is an error, not silently ignored")
  void unknownKey() throws IOException {
    Path file = file("{\"http\": {\"prot\": 9000}}");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties()).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown setting 'http.prot'");
  }

  @Test
  @DisplayName("a file that is not JSON is an error naming the file")
  void notJson() throws IOException {
    Path file = file("{ port: 80 ");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties()).load(file))
        .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
  }

  @Test
  @DisplayName("outside demo mode the gateway refuses to start without a signing secret")
  void secretRequiredOutsideDemo() throws IOException {
    Path file = file("{}");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties()).load(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("security.jwtSecret (SWITCHBOARD_SECURITY_JWT_SECRET): is required outside demo mode");
    SwitchboardConfig withSecret = new ConfigLoader(
        Map.of("SWITCHBOARD_SECURITY_JWT_SECRET", "x".repeat(40)), new Properties()).load(file);
    assertThat(withSecret.demo()).isFalse();
    assertThatThrownBy(() -> new ConfigLoader(Map.of("SWITCHBOARD_SECURITY_JWT_SECRET", "short"), new Properties())
        .load(file)).hasMessageContaining("at least 32 characters");
  }

  @Test
  @DisplayName("an idle timeout shorter than the heartbeat is refused")
  void idleLongerThanHeartbeat() throws IOException {
    Path file = file("{\"demo\": {\"enabled\": true}, \"visitor\": {\"heartbeatIntervalMs\": 5000, \"idleTimeoutMs\": 4000}}");
    assertThatThrownBy(() -> new ConfigLoader(Map.of(), new Properties()).load(file))
        .hasMessageContaining("visitor.idleTimeoutMs");
  }

  @Test
  @DisplayName("the shipped conf/config.json is the same as the built-in defaults")
  void shippedFileMatchesDefaults() throws IOException {
    Path shipped = Path.of("conf", "config.json");
    assertThat(new io.vertx.core.json.JsonObject(Files.readString(shipped))).isEqualTo(ConfigLoader.defaults());
  }
}
