package io.switchboard.gateway;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code /ws/visitor}: checks the browser's Origin against {@code http.allowedOrigins} (when set) before the
 * upgrade, then hands the socket to a {@link VisitorSession}. Identity is established by the first frame
 * ({@code hello}), so tokens never appear in URLs or access logs.
 */
final class VisitorSocketHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(VisitorSocketHandler.class);

  private final VisitorServices services;
  private final SessionRegistry registry;
  private final List<String> allowedOrigins;

  VisitorSocketHandler(VisitorServices services, SessionRegistry registry, List<String> allowedOrigins) {
    this.services = services;
    this.registry = registry;
    this.allowedOrigins = allowedOrigins;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!UpgradeChecks.passes(ctx, allowedOrigins)) {
      return;
    }
    ctx.request().toWebSocket()
        .onSuccess(socket -> registry.add(new VisitorSession(socket, services)))
        .onFailure(failure -> LOG.debug("Visitor upgrade failed: {}", failure.getMessage()));
  }
}
