package io.switchboard.agent;

import io.switchboard.config.SwitchboardConfig;
import io.switchboard.gateway.VisitorServices;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;

import java.util.Objects;

/**
 * The agent side of one gateway verticle, wired from the gateway's shared services: the agent WebSocket
 * ({@code /ws/agent}) and the agent, supervisor, canned-response and queue REST routes. The gateway creates it
 * in {@code start()}, mounts it before its catch-all routes, adds {@link #configure(HttpServerOptions)} to its
 * server options and closes it in {@code stop()}.
 */
public final class AgentModule {

  private final AgentServices services;
  private final AgentRoutes routes;
  private final AgentSocketHandler socketHandler;
  private volatile SuggestionSource suggestions = SuggestionSource.notConnected();

  public AgentModule(VisitorServices gateway, Pool pool, SwitchboardConfig config) {
    AgentRepository repository = new AgentRepository(pool);
    AgentHub hub = new AgentHub(gateway.vertx(), gateway.handoffs(), config.handoff().presenceHeartbeatMs(),
        config.visitor().heartbeatIntervalMs(), config.visitor().idleTimeoutMs());
    this.services = new AgentServices(gateway, gateway.handoffs(), repository, hub, () -> suggestions);
    this.routes = new AgentRoutes(gateway.tokens(), repository, gateway.handoffs(), gateway.vertx().eventBus());
    this.socketHandler = new AgentSocketHandler(services, config.http().allowedOrigins());
  }

  /** Mounts {@code /ws/agent} and the REST routes; call before the router's catch-all 404. */
  public AgentModule mount(Router router) {
    router.route("/ws/agent").handler(socketHandler);
    routes.mount(router);
    return this;
  }

  /** Lets browsers authenticate with a {@code bearer.<jwt>} subprotocol: the server selects the agent protocol. */
  public static HttpServerOptions configure(HttpServerOptions options) {
    return options.addWebSocketSubProtocol(AgentSocketHandler.SUBPROTOCOL);
  }

  /** Completes when the agent hub's event-bus consumers are registered. */
  public Future<Void> ready() {
    return services.hub().ready();
  }

  /** Where {@code suggest} frames are answered from (the knowledge base once it is connected). */
  public void suggestions(SuggestionSource source) {
    this.suggestions = Objects.requireNonNull(source, "source");
  }

  /** Agent connections on this verticle. */
  public int connections() {
    return services.hub().size();
  }

  /** Closes every agent connection with "going away". */
  public void close() {
    services.hub().closeAll();
  }
}
