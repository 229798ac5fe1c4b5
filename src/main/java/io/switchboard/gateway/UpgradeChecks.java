package io.switchboard.gateway;

import io.vertx.ext.web.RoutingContext;

import java.util.List;

/**
 * The checks every WebSocket endpoint makes before the upgrade: it is an upgrade request, and the browser's Origin
 * is in {@code http.allowedOrigins} when that list is set.
 */
public final class UpgradeChecks {

  private UpgradeChecks() {
  }

  /** Fails the request with 400 or 403 and returns false when it may not be upgraded. */
  public static boolean passes(RoutingContext ctx, List<String> allowedOrigins) {
    if (!ctx.request().canUpgradeToWebSocket()) {
      ctx.fail(HttpErrors.error(400, "websocket_required", "connect with a WebSocket upgrade"));
      return false;
    }
    String origin = ctx.request().getHeader("Origin");
    if (!allowedOrigins.isEmpty() && (origin == null || !allowedOrigins.contains(origin))) {
      ctx.fail(HttpErrors.error(403, "origin_not_allowed", "origin " + origin + " is not in http.allowedOrigins"));
      return false;
    }
    return true;
  }
}
