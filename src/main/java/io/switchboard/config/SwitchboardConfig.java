package io.switchboard.config;

import io.switchboard.frustration.FrustrationSettings;
import io.switchboard.handoff.HandoffSettings;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The whole configuration, read once at startup and injected into every component.
 * {@link #from(JsonObject)} validates every value and fails with the name of the setting to fix.
 */
public record SwitchboardConfig(
    HttpConfig http,
    DatabaseConfig database,
    SecurityConfig security,
    VisitorLimits visitor,
    ClusterConfig cluster,
    FrustrationSettings frustration,
    HandoffSettings handoff,
    BotConfig bot,
    boolean demo,
    JsonObject raw) {

  /** HTTP server: bind address, static root and browser origins allowed to open WebSockets. */
  public record HttpConfig(String host, int port, String webroot, List<String> allowedOrigins) {
  }

  /**
   * PostgreSQL. With neither {@code url} nor {@code host} set, an embedded server runs from {@code embeddedDataDir}.
   */
  public record DatabaseConfig(String url, String host, int port, String name, String user, String password,
                               int poolSize, int connectTimeoutMs, String embeddedDataDir, int embeddedPort) {

    public boolean external() {
      return !url.isBlank() || !host.isBlank();
    }
  }

  /** Token signing and password hashing. An empty secret is only allowed in demo mode. */
  public record SecurityConfig(String jwtSecret, int agentTokenTtlSeconds, int visitorTokenTtlSeconds, int bcryptCost,
                               int staffSessionMaxHours) {
  }

  /** Limits and timers of the visitor WebSocket. */
  public record VisitorLimits(int maxMessageLength, int maxFrameBytes, int messagesPerSecond, int messageBurst,
                              int rateViolationsBeforeClose, long heartbeatIntervalMs, long idleTimeoutMs,
                              long helloTimeoutMs, int replayBatchSize, boolean compression) {
  }

  /** Hazelcast clustering: TCP-IP join on explicit members, multicast off. */
  public record ClusterConfig(boolean enabled, String host, int port, List<String> members) {
  }

  public static SwitchboardConfig from(JsonObject root) {
    Settings http = new Settings(root, "http");
    Settings db = new Settings(root, "database");
    Settings security = new Settings(root, "security");
    Settings visitor = new Settings(root, "visitor");
    Settings cluster = new Settings(root, "cluster");
    Settings demo = new Settings(root, "demo");
    Settings bot = new Settings(root, "bot");
    SwitchboardConfig config = new SwitchboardConfig(
        new HttpConfig(http.string("host"), http.integer("port", 0, 65535), http.string("webroot"),
            http.strings("allowedOrigins")),
        new DatabaseConfig(db.string("url"), db.string("host"), db.integer("port", 1, 65535), db.string("name"),
            db.string("user"), db.string("password"), db.integer("poolSize", 1, 1000),
            db.integer("connectTimeoutMs", 100, 600_000), db.string("embeddedDataDir"),
            db.integer("embeddedPort", 0, 65535)),
        new SecurityConfig(security.string("jwtSecret"), security.integer("agentTokenTtlSeconds", 5, 86_400),
            security.integer("visitorTokenTtlSeconds", 60, 31_536_000), security.integer("bcryptCost", 4, 16),
            security.integer("staffSessionMaxHours", 1, 720)),
        new VisitorLimits(visitor.integer("maxMessageLength", 1, 1_000_000),
            visitor.integer("maxFrameBytes", 256, 16 * 1024 * 1024),
            visitor.integer("messagesPerSecond", 1, 10_000), visitor.integer("messageBurst", 1, 100_000),
            visitor.integer("rateViolationsBeforeClose", 1, 1_000_000),
            visitor.number("heartbeatIntervalMs", 100, 3_600_000), visitor.number("idleTimeoutMs", 200, 86_400_000),
            visitor.number("helloTimeoutMs", 100, 600_000), visitor.integer("replayBatchSize", 1, 100_000),
            visitor.bool("compression")),
        new ClusterConfig(cluster.bool("enabled"), cluster.string("host"), cluster.integer("port", 1, 65535),
            cluster.strings("members")),
        frustration(root),
        handoff(new Settings(root, "handoff")),
        BotConfig.from(bot),
        demo.bool("enabled"),
        root.copy());
    config.checkConsistency(visitor, security);
    return config;
  }

  private static HandoffSettings handoff(Settings s) {
    List<String> topics = s.strings("topics");
    for (String topic : topics) {
      int eq = topic.indexOf('=');
      if (eq <= 0) {
        throw s.invalid("topics", "each entry must be skill=regex but got '" + topic + "'");
      }
      try {
        java.util.regex.Pattern.compile(topic.substring(eq + 1));
      } catch (java.util.regex.PatternSyntaxException e) {
        throw s.invalid("topics", "'" + topic + "' is not a valid regular expression: " + e.getDescription());
      }
    }
    return new HandoffSettings(s.number("offerTimeoutMs", 1000, 3_600_000), s.number("agentGraceMs", 1000, 3_600_000),
        s.number("presenceHeartbeatMs", 100, 600_000), s.number("dispatchIntervalMs", 50, 600_000),
        s.decimal("frustrationThreshold", 0, 1), s.integer("fallbacksBeforeEscalation", 1, 100),
        s.decimal("frustrationWeight", 0, 1_000_000), s.decimal("agingPerMinute", 0, 1_000_000),
        s.integer("defaultHandleSeconds", 1, 86_400), s.number("wrapUpMs", 0, 86_400_000), topics);
  }

  /** The {@code frustration} section as scorer settings; fails naming the key. */
  public static FrustrationSettings frustration(JsonObject root) {
    JsonObject section = root.getJsonObject("frustration");
    if (section == null) {
      throw new ConfigException("frustration: section is missing");
    }
    try {
      return FrustrationSettings.fromMap(section.getMap());
    } catch (IllegalArgumentException e) {
      throw new ConfigException("frustration: " + e.getMessage() + " (environment: SWITCHBOARD_FRUSTRATION_<KEY>)", e);
    }
  }

  private void checkConsistency(Settings visitorSettings, Settings securitySettings) {
    if (visitor.idleTimeoutMs() <= visitor.heartbeatIntervalMs()) {
      throw visitorSettings.invalid("idleTimeoutMs", "must be longer than visitor.heartbeatIntervalMs ("
          + visitor.heartbeatIntervalMs() + ") or every client would time out between heartbeats");
    }
    if (handoff.presenceHeartbeatMs() >= handoff.agentGraceMs()) {
      throw new ConfigException("handoff.presenceHeartbeatMs (SWITCHBOARD_HANDOFF_PRESENCE_HEARTBEAT_MS): must be "
          + "shorter than handoff.agentGraceMs or connected agents would be taken for gone");
    }
    if (!demo && security.jwtSecret().isBlank()) {
      throw securitySettings.invalid("jwtSecret", "is required outside demo mode; set a long random secret");
    }
    if (!security.jwtSecret().isBlank() && security.jwtSecret().length() < 32) {
      throw securitySettings.invalid("jwtSecret", "must be at least 32 characters long");
    }
  }

  /** A copy with a different root tree, re-validated; lets tests and {@code --demo} adjust values. */
  public SwitchboardConfig with(java.util.function.Consumer<JsonObject> change) {
    JsonObject tree = raw.copy();
    change.accept(tree);
    return from(tree);
  }
}
