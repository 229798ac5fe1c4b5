package io.switchboard.security;

import io.switchboard.gateway.HttpErrors;
import io.vertx.core.Handler;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;

/**
 * Authenticates a staff bearer token and, when given a role, checks that the user holds it (roles are
 * hierarchical: admin ⊃ supervisor ⊃ agent). 401 without a valid token, 403 without the role.
 */
public final class StaffAuthHandler implements Handler<RoutingContext> {

  private static final String USER_KEY = "switchboard.staff";

  private final TokenService tokens;
  private final Role required;

  /** The authenticated staff member of a request that passed this handler. */
  public static User user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  private StaffAuthHandler(TokenService tokens, Role required) {
    this.tokens = tokens;
    this.required = required;
  }

  public static StaffAuthHandler requiring(TokenService tokens, Role role) {
    return new StaffAuthHandler(tokens, role);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String token = bearer(ctx);
    if (token == null) {
      ctx.fail(HttpErrors.error(401, "unauthorized", "send 'Authorization: Bearer <token>' from POST /api/auth/login"));
      return;
    }
    tokens.verifyStaffToken(token)
        .onSuccess(user -> authorize(ctx, user))
        .onFailure(failure -> ctx.fail(HttpErrors.error(401, "unauthorized", "token is invalid or expired")));
  }

  private void authorize(RoutingContext ctx, User user) {
    if (!TokenService.hasRole(user, required)) {
      ctx.fail(HttpErrors.error(403, "forbidden", "requires the " + required.code() + " role"));
      return;
    }
    ctx.put(USER_KEY, user);
    ctx.next();
  }

  /** The bearer token of a request, or null. */
  public static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    String token = header.substring(7).trim();
    return token.isEmpty() ? null : token;
  }
}
