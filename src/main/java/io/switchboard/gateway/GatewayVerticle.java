package io.switchboard.gateway;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.chat.ConversationFeed;
import io.switchboard.chat.ConversationLog;
import io.switchboard.config.ConfigException;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.demo.DemoContent;
import io.switchboard.frustration.FrustrationScorer;
import io.switchboard.frustration.live.LiveScoring;
import io.switchboard.handoff.HandoffService;
import io.switchboard.demo.SampleOrderRoutes;
import io.switchboard.kb.DemoKnowledgeBase;
import io.switchboard.kb.KnowledgeBaseIndex;
import io.switchboard.kb.KnowledgeBaseRepository;
import io.switchboard.kb.KnowledgeBaseSearch;
import io.switchboard.kb.KnowledgeBaseRoutes;
import io.switchboard.kb.KnowledgeGapRepository;
import io.switchboard.metrics.GatewayMetrics;
import io.switchboard.metrics.OperationsRoutes;
import io.switchboard.persistence.AccountRepository;
import io.switchboard.persistence.ConversationRepository;
import io.switchboard.persistence.VisitorRepository;
import io.switchboard.security.AccountService;
import io.switchboard.security.AuthRoutes;
import io.switchboard.security.PasswordHasher;
import io.switchboard.security.TokenService;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;

/**
 * The HTTP and WebSocket gateway of one node: REST API, visitor WebSocket, static pages, health and metrics.
 * {@link #start()} completes when the database pool answers, demo content (if enabled) is loaded and the server
 * is bound.
 */
public final class GatewayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
  /** Largest REST request body; knowledge-base imports will be the biggest. */
  private static final long MAX_BODY_BYTES = 5L * 1024 * 1024;
  private static final int NETTY_FRAME_HEADROOM = 4;

  private final SwitchboardConfig config;
  private final PgConnectOptions database;
  private final String schemaVersion;
  private final String jwtSecret;
  private final PrometheusMeterRegistry registry;
  private Pool pool;
  private HttpServer server;
  private SessionRegistry sessions;
  private final FrustrationScorer scorer;
  private HandoffService handoffs;
  private ConversationRepository conversationRepository;
  // ---- agent side (issue 5) ----
  private io.switchboard.agent.AgentModule agents;
  private final KnowledgeBaseIndex knowledgeBaseIndex;

  public GatewayVerticle(SwitchboardConfig config, PgConnectOptions database, String schemaVersion, String jwtSecret,
                         PrometheusMeterRegistry registry, KnowledgeBaseIndex knowledgeBaseIndex) {
    this.knowledgeBaseIndex = knowledgeBaseIndex;
    this.config = config;
    this.database = database;
    this.schemaVersion = schemaVersion;
    this.jwtSecret = jwtSecret;
    this.registry = registry;
    // Loading the scorer's vocabulary reads resources: done here, on the deploying thread, not on the event loop.
    this.scorer = FrustrationScorer.create(config.frustration());
  }

  @Override
  public Future<?> start() {
    pool = PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.database().poolSize()))
        .with(new io.vertx.core.net.NetClientOptions().setConnectTimeout(config.database().connectTimeoutMs()))
        .connectingTo(database)
        .using(vertx)
        .build();
    TokenService tokens = new TokenService(vertx, jwtSecret, config.security().agentTokenTtlSeconds(),
        config.security().visitorTokenTtlSeconds(), config.security().staffSessionMaxHours());
    AccountRepository accountRepository = new AccountRepository(pool);
    AccountService accounts = new AccountService(accountRepository,
        new PasswordHasher(vertx, config.security().bcryptCost()));
    ConversationRepository conversations = new ConversationRepository(pool);
    conversationRepository = conversations;
    ConversationLog log = new ConversationLog(conversations, vertx.eventBus());
    handoffs = new HandoffService(pool, conversations, log, vertx.eventBus(), config.handoff());
    VisitorServices visitorServices = new VisitorServices(vertx, config.visitor(), tokens, new VisitorRepository(pool),
        conversations, log, new ConversationFeed(vertx.eventBus()), new GatewayMetrics(registry),
        new LiveScoring(scorer, registry), handoffs);
    sessions = new SessionRegistry(vertx, config.visitor().heartbeatIntervalMs(), config.visitor().idleTimeoutMs(),
        handoffs);

    Router router = Router.router(vertx);
    // JSON only: no multipart file uploads written to disk.
    router.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    OperationsRoutes.mount(router, vertx, pool, schemaVersion, registry);
    new AuthRoutes(accounts, accountRepository, tokens, vertx.eventBus()).mount(router);
    new ConversationRoutes(conversations, tokens).mount(router);
    // Knowledge base (issue 4): admin REST API, search, gaps report; the SAMPLE order endpoint in demo mode only.
    KnowledgeBaseRepository knowledgeBase = new KnowledgeBaseRepository(pool, knowledgeBaseIndex);
    KnowledgeBaseSearch search = new KnowledgeBaseSearch(pool, knowledgeBaseIndex);
    new KnowledgeBaseRoutes(knowledgeBase, search, new KnowledgeGapRepository(pool), tokens).mount(router);
    if (config.demo()) {
      SampleOrderRoutes.mount(router, vertx, config.bot().actionTimeoutMs());
    }
    router.route("/ws/visitor").handler(new VisitorSocketHandler(visitorServices, sessions,
        config.http().allowedOrigins()));
    // ---- agent side (issue 5): /ws/agent, canned, profiles, queues, supervisor ----
    agents = new io.switchboard.agent.AgentModule(visitorServices, pool, config).mount(router);
    agents.suggestions(new io.switchboard.kb.KnowledgeBaseSuggestions(search));
    router.route("/api/*").handler(ctx -> ctx.fail(HttpErrors.error(404, "not_found",
        "no API route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().handler(StaticHandler.create(io.vertx.ext.web.handler.FileSystemAccess.ROOT,
        java.nio.file.Path.of(config.http().webroot()).toAbsolutePath().toString()).setCachingEnabled(false));
    router.route().failureHandler(HttpErrors::handle);

    return pool.query("SELECT 1").execute()
        .recover(failure -> Future.failedFuture(new ConfigException(
            "database: the gateway's connection pool cannot reach PostgreSQL: " + failure.getMessage(), failure)))
        .compose(ok -> config.demo() ? new DemoContent(accounts).load() : Future.succeededFuture())
        .compose(ok -> config.demo() ? io.switchboard.agent.DemoAgentProfiles.load(pool) : Future.succeededFuture())
        .compose(ok -> config.demo() ? DemoKnowledgeBase.load(vertx, knowledgeBase).mapEmpty()
            : Future.succeededFuture())
        .compose(ok -> agents.ready())
        .compose(ok -> vertx.createHttpServer(serverOptions()).requestHandler(router).listen())
        .recover(this::explainListenFailure)
        .onSuccess(bound -> {
          server = bound;
          LOG.info("Gateway listening on http://{}:{}", config.http().host(), bound.actualPort());
        });
  }

  private HttpServerOptions serverOptions() {
    var visitor = config.visitor();
    return io.switchboard.agent.AgentModule.configure(new HttpServerOptions())
        .setHost(config.http().host())
        .setPort(config.http().port())
        // Netty drops a frame over its limit without a close frame; with headroom over our own limit, the
        // FrameAssembler sees moderately oversized messages first and answers them with a proper 1009.
        .setMaxWebSocketFrameSize(visitor.maxFrameBytes() * NETTY_FRAME_HEADROOM)
        .setMaxWebSocketMessageSize(visitor.maxFrameBytes() * NETTY_FRAME_HEADROOM)
        .setPerMessageWebSocketCompressionSupported(visitor.compression())
        .setPerFrameWebSocketCompressionSupported(visitor.compression());
  }

  private Future<HttpServer> explainListenFailure(Throwable failure) {
    if (failure instanceof BindException || String.valueOf(failure.getMessage()).contains("Address already in use")) {
      return Future.failedFuture(new ConfigException("http.port (SWITCHBOARD_HTTP_PORT): port "
          + config.http().port() + " on " + config.http().host() + " is already in use; stop the other process or "
          + "choose another port", failure));
    }
    return Future.failedFuture(failure);
  }

  /** Hand-offs of this node (the handoff verticle drives its dispatcher and triggers). */
  public HandoffService handoffs() {
    return handoffs;
  }

  public ConversationRepository conversations() {
    return conversationRepository;
  }

  /** The port the server is bound to (useful when configured as 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> stop() {
    if (sessions != null) {
      sessions.closeAll();
    }
    if (agents != null) {
      agents.close();
    }
    Future<Void> closing = server == null ? Future.succeededFuture() : server.close();
    return closing.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
  }
}
