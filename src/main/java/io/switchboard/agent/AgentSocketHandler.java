package io.switchboard.agent;

import io.switchboard.gateway.HttpErrors;
import io.switchboard.gateway.UpgradeChecks;
import io.switchboard.security.Role;
import io.switchboard.security.TokenService;
import io.vertx.core.Handler;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code /ws/agent}: authenticates the staff token BEFORE the upgrade, so a missing, bad or expired token, or a
 * token without the agent role, gets a plain HTTP 401/403 JSON answer and never a WebSocket. The token comes from
 * the {@code token} query parameter or from a {@code bearer.<jwt>} WebSocket subprotocol (browsers cannot set an
 * Authorization header on a WebSocket); a browser offering the subprotocol must also offer
 * {@value #SUBPROTOCOL}, which the server selects.
 */
final class AgentSocketHandler implements Handler<RoutingContext> {

  /** The protocol name the server selects when a client authenticates with a subprotocol. */
  static final String SUBPROTOCOL = "switchboard.agent.v1";
  private static final String BEARER_PREFIX = "bearer.";

  private static final Logger LOG = LoggerFactory.getLogger(AgentSocketHandler.class);

  private final AgentServices services;
  private final List<String> allowedOrigins;

  AgentSocketHandler(AgentServices services, List<String> allowedOrigins) {
    this.services = services;
    this.allowedOrigins = allowedOrigins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!UpgradeChecks.passes(ctx, allowedOrigins)) {
      return;
    }
    String token = token(ctx);
    if (token == null) {
      ctx.fail(HttpErrors.error(401, "unauthorized", "send the staff token from POST /api/auth/login as ?token= or"
          + " as a '" + BEARER_PREFIX + "<token>' subprotocol (with '" + SUBPROTOCOL + "')"));
      return;
    }
    services.gateway().tokens().verifyStaffToken(token)
        .onSuccess(user -> upgrade(ctx, user))
        .onFailure(failure -> ctx.fail(HttpErrors.error(401, "unauthorized", "token is invalid or expired")));
  }

  private void upgrade(RoutingContext ctx, User user) {
    if (!TokenService.hasRole(user, Role.AGENT)) {
      ctx.fail(HttpErrors.error(403, "forbidden", "requires the agent role"));
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(socket -> services.hub().add(new AgentSession(socket, services, user)))
        .onFailure(failure -> LOG.debug("Agent upgrade failed: {}", failure.getMessage()));
  }

  private static String token(RoutingContext ctx) {
    String query = ctx.request().getParam("token");
    if (query != null && !query.isBlank()) {
      return query.trim();
    }
    String protocols = ctx.request().getHeader("Sec-WebSocket-Protocol");
    if (protocols == null) {
      return null;
    }
    for (String protocol : protocols.split(",")) {
      String candidate = protocol.trim();
      if (candidate.regionMatches(true, 0, BEARER_PREFIX, 0, BEARER_PREFIX.length())
          && candidate.length() > BEARER_PREFIX.length()) {
        return candidate.substring(BEARER_PREFIX.length());
      }
    }
    return null;
  }
}
