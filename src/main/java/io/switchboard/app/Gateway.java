package io.switchboard.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.bot.BotVerticle;
import io.switchboard.bot.LanguageGuess;
import io.switchboard.config.ConfigException;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.config.SwitchboardConfig.ClusterConfig;
import io.switchboard.frustration.LanguageDetector;
import io.switchboard.gateway.GatewayVerticle;
import io.switchboard.handoff.HandoffVerticle;
import io.switchboard.kb.KnowledgeBaseIndex;
import io.switchboard.persistence.DatabaseServer;
import io.switchboard.persistence.Migrations;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running Switchboard node: database, migrations, Vert.x (clustered or not) and the deployed verticles.
 * {@code Main} and the tests start nodes through {@link #start(SwitchboardConfig)} so they cannot drift apart.
 * Starting blocks the calling thread (never call it from an event loop).
 */
public final class Gateway implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final long START_TIMEOUT_SECONDS = 120;
  private static final java.util.Set<String> BOT_LANGUAGES = java.util.Set.of("en", "es", "ru");

  private final DatabaseServer database;
  private final Vertx vertx;
  private final GatewayVerticle gateway;
  private final PrometheusMeterRegistry registry;
  private final KnowledgeBaseIndex knowledgeBase;

  private Gateway(DatabaseServer database, Vertx vertx, GatewayVerticle gateway, PrometheusMeterRegistry registry,
                  KnowledgeBaseIndex knowledgeBase) {
    this.database = database;
    this.vertx = vertx;
    this.gateway = gateway;
    this.registry = registry;
    this.knowledgeBase = knowledgeBase;
  }

  /** Starts a node on its own database server (embedded or external, as configured). */
  public static Gateway start(SwitchboardConfig config) {
    DatabaseServer database = DatabaseServer.start(config.database());
    try {
      return start(config, database, true);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * Starts a node on an already running database server; {@code ownsDatabase} says whether closing the node
   * closes the server too (tests share one server between nodes).
   */
  public static Gateway start(SwitchboardConfig config, DatabaseServer database, boolean ownsDatabase) {
    String schemaVersion = Migrations.migrate(database);
    String secret = jwtSecret(config);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = createVertx(config, registry);
    GatewayVerticle gateway;
    KnowledgeBaseIndex knowledgeBase;
    try {
      knowledgeBase = await(KnowledgeBaseIndex.start(vertx, database.connectOptions()), "loading the knowledge base");
      gateway = new GatewayVerticle(config, database.connectOptions(), schemaVersion, secret, registry, knowledgeBase);
      await(vertx.deployVerticle(gateway), "deploying the gateway");
      await(vertx.deployVerticle(new HandoffVerticle(gateway.handoffs(), gateway.conversations(),
          config.bot().enabled())),
          "deploying the hand-off dispatcher");
      if (config.bot().enabled()) {
        await(vertx.deployVerticle(new BotVerticle(config, database.connectOptions(), knowledgeBase,
            selfBaseUrl(config, gateway.actualPort()), registry, languageGuess())), "deploying the bot");
      }
    } catch (RuntimeException e) {
      await(vertx.close(), "closing Vert.x after a failed start");
      throw e;
    }
    return new Gateway(ownsDatabase ? database : null, vertx, gateway, registry, knowledgeBase);
  }

  /** How this node reaches its own HTTP server (the bot calls relative action URLs there). */
  private static String selfBaseUrl(SwitchboardConfig config, int port) {
    String host = config.http().host();
    boolean wildcard = host.equals("0.0.0.0") || host.equals("::") || host.isBlank();
    return "http://" + (wildcard ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  private static Vertx createVertx(SwitchboardConfig config, PrometheusMeterRegistry registry) {
    VertxOptions options = new VertxOptions()
        .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true));
    VertxBuilder builder = Vertx.builder()
        .with(options)
        .withMetrics(new MicrometerMetricsFactory(registry));
    ClusterConfig cluster = config.cluster();
    if (!cluster.enabled()) {
      return builder.build();
    }
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host());
    builder.withClusterManager(new HazelcastClusterManager(hazelcastConfig(cluster)));
    try {
      return await(builder.buildClustered(), "joining the cluster");
    } catch (RuntimeException e) {
      throw new ConfigException("cluster.members (SWITCHBOARD_CLUSTER_MEMBERS): cannot join the cluster on "
          + cluster.host() + ":" + cluster.port() + ": " + e.getMessage(), e);
    }
  }

  /**
   * The bot's language guess for messages of conversations without a language: the frustration scorer's detector,
   * falling back to the bot's own heuristics for languages the bot does not speak.
   */
  private static LanguageGuess languageGuess() {
    LanguageDetector detector = LanguageDetector.create();
    LanguageGuess fallback = LanguageGuess.simple();
    return text -> {
      String language = detector.detect(text);
      return BOT_LANGUAGES.contains(language) ? language : fallback.guess(text);
    };
  }

  /** Hazelcast on TCP-IP with explicit members and multicast off: predictable on loopback and in data centres. */
  static Config hazelcastConfig(ClusterConfig cluster) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("switchboard");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    hazelcast.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(cluster.host());
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return hazelcast;
  }

  /**
   * The token signing secret. Outside demo mode it must be configured (checked by the config). In demo mode with
   * none configured, one is generated once and kept next to the embedded data so tokens survive restarts.
   */
  private static String jwtSecret(SwitchboardConfig config) {
    String configured = config.security().jwtSecret();
    if (!configured.isBlank()) {
      return configured;
    }
    Path file = Path.of(config.database().embeddedDataDir()).toAbsolutePath().getParent().resolve("demo-jwt-secret");
    try {
      if (Files.isRegularFile(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      byte[] random = new byte[48];
      new SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.createDirectories(file.getParent());
      Files.writeString(file, secret, StandardCharsets.UTF_8);
      LOG.warn("Demo mode: generated a token signing secret in {}; set security.jwtSecret for production", file);
      return secret;
    } catch (IOException e) {
      throw new ConfigException("security.jwtSecret (SWITCHBOARD_SECURITY_JWT_SECRET): not set, and the demo secret "
          + "file " + file + " cannot be used: " + e.getMessage(), e);
    }
  }

  static <T> T await(Future<T> future, String what) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(what + " failed: " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + " did not finish within " + START_TIMEOUT_SECONDS + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return gateway.actualPort();
  }

  /** The node's hand-off service (used by tests and tools to act like agents or read queues). */
  public io.switchboard.handoff.HandoffService handoffs() {
    return gateway.handoffs();
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** This node's in-memory knowledge base (tests deploy extra bots on it). */
  public KnowledgeBaseIndex knowledgeBase() {
    return knowledgeBase;
  }

  /** Stops the node: clients are told to go away (and resume elsewhere), then the database stops if owned. */
  @Override
  public void close() {
    try {
      await(vertx.close(), "stopping Vert.x");
    } finally {
      if (database != null) {
        database.close();
      }
    }
  }
}
