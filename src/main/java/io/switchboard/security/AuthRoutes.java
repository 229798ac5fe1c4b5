package io.switchboard.security;

import io.switchboard.bus.Addresses;
import io.switchboard.gateway.HttpErrors;
import io.switchboard.persistence.AccountRepository;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.pgclient.PgException;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /api/auth/login} (public), {@code POST /api/auth/refresh} (a valid staff token), {@code GET /api/me}
 * (any staff), {@code GET|POST /api/accounts}, {@code PATCH /api/accounts/:id} (admin).
 */
public final class AuthRoutes {

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9._-]{2,64}");
  private static final int MIN_PASSWORD_LENGTH = 8;
  /** The notice, on the account's own address, that closes its open agent connections. */
  public static final String ACCOUNT_DISABLED = "account_disabled";

  private final AccountService accountService;
  private final AccountRepository accounts;
  private final TokenService tokens;
  private final EventBus eventBus;

  public AuthRoutes(AccountService accountService, AccountRepository accounts, TokenService tokens, EventBus eventBus) {
    this.accountService = accountService;
    this.accounts = accounts;
    this.tokens = tokens;
    this.eventBus = eventBus;
  }

  public void mount(Router router) {
    router.post("/api/auth/login").handler(this::login);
    router.post("/api/auth/refresh").handler(StaffAuthHandler.requiring(tokens, Role.AGENT)).handler(this::refresh);
    router.get("/api/me").handler(StaffAuthHandler.requiring(tokens, Role.AGENT)).handler(this::me);
    router.get("/api/accounts").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::listAccounts);
    router.post("/api/accounts").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::createAccount);
    router.patch("/api/accounts/:id").handler(StaffAuthHandler.requiring(tokens, Role.ADMIN)).handler(this::setActive);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String username = body.getValue("username") instanceof String s ? s : null;
    String password = body.getValue("password") instanceof String s ? s : null;
    if (username == null || password == null) {
      ctx.fail(HttpErrors.error(400, "bad_request", "body must be {\"username\": \"...\", \"password\": \"...\"}"));
      return;
    }
    accountService.authenticate(username, password)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(HttpErrors.error(401, "invalid_credentials", "wrong username or password"));
            return;
          }
          ctx.json(signedIn(found.get(), tokens.issueStaffToken(found.get())));
        })
        .onFailure(ctx::fail);
  }

  /**
   * A fresh token for the bearer of a valid staff token, issued from the account as stored now (not from the old
   * token's claims): a disabled or deleted account gets a 401, changed roles and names reach the new token.
   */
  private void refresh(RoutingContext ctx) {
    String subject = StaffAuthHandler.user(ctx).principal().getString("sub");
    UUID accountId;
    try {
      accountId = UUID.fromString(String.valueOf(subject));
    } catch (IllegalArgumentException e) {
      ctx.fail(HttpErrors.error(401, "unauthorized", "token subject '" + subject + "' is not an account id"));
      return;
    }
    accountService.active(accountId)
        .onSuccess(found -> {
          if (found.isEmpty()) {
            ctx.fail(HttpErrors.error(401, "unauthorized",
                "account " + accountId + " is disabled or no longer exists"));
            return;
          }
          Optional<String> renewed = tokens.renewStaffToken(found.get(), StaffAuthHandler.user(ctx));
          if (renewed.isEmpty()) {
            ctx.fail(HttpErrors.error(401, "unauthorized", "signed in more than " + tokens.staffSessionMaxHours()
                + " hours ago (security.staffSessionMaxHours): sign in with your password again"));
            return;
          }
          ctx.json(signedIn(found.get(), renewed.get()));
        })
        .onFailure(ctx::fail);
  }

  /** The answer of login and refresh: a new staff token, its lifetime in seconds and the account. */
  private JsonObject signedIn(Account account, String token) {
    return new JsonObject()
        .put("token", token)
        .put("expiresIn", tokens.staffTokenTtlSeconds())
        .put("account", account.toJson());
  }

  private void me(RoutingContext ctx) {
    JsonObject principal = StaffAuthHandler.user(ctx).principal();
    ctx.json(new JsonObject()
        .put("id", principal.getString("sub"))
        .put("username", principal.getString("username"))
        .put("displayName", principal.getString("name"))
        .put("roles", principal.getJsonArray("roles")));
  }

  private void listAccounts(RoutingContext ctx) {
    accounts.list()
        .onSuccess(list -> ctx.json(new JsonArray(list.stream().map(Account::toJson).toList())))
        .onFailure(ctx::fail);
  }

  /**
   * {@code {"active": false}} disables an account: no sign-in, no token renewal, and its open agent connections on
   * every node are closed now rather than when their token expires. {@code true} enables it again.
   */
  private void setActive(RoutingContext ctx) {
    UUID id;
    try {
      id = UUID.fromString(ctx.pathParam("id"));
    } catch (IllegalArgumentException e) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "id: not a UUID"));
      return;
    }
    JsonObject body = jsonBody(ctx);
    if (!(body.getValue("active") instanceof Boolean active) || body.size() != 1) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "body must be {\"active\": true|false}"));
      return;
    }
    if (!active && id.toString().equals(StaffAuthHandler.user(ctx).principal().getString("sub"))) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "active: you cannot disable your own account"));
      return;
    }
    accounts.setActive(id, active)
        .onSuccess(updated -> {
          if (updated.isEmpty()) {
            ctx.fail(HttpErrors.error(404, "not_found", "no account " + id));
            return;
          }
          if (!active) {
            eventBus.publish(Addresses.agent(id), new JsonObject().put("type", ACCOUNT_DISABLED));
          }
          ctx.json(updated.get().toJson());
        })
        .onFailure(ctx::fail);
  }

  private void createAccount(RoutingContext ctx) {
    JsonObject body = jsonBody(ctx);
    String username = body.getValue("username") instanceof String s ? s : null;
    String password = body.getValue("password") instanceof String s ? s : null;
    String displayName = body.getValue("displayName") instanceof String s ? s : username;
    if (username == null || !USERNAME.matcher(username).matches()) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "username: 2-64 characters of a-z, 0-9, '.', '_', '-'"));
      return;
    }
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "password: at least " + MIN_PASSWORD_LENGTH + " characters"));
      return;
    }
    Set<String> roles = new LinkedHashSet<>();
    JsonArray requested = body.getValue("roles") instanceof JsonArray a ? a : new JsonArray().add("agent");
    for (Object role : requested) {
      if (Role.fromCode(String.valueOf(role)).isEmpty()) {
        ctx.fail(HttpErrors.error(400, "invalid_field", "roles: '" + role + "' is not one of agent, supervisor, admin"));
        return;
      }
      roles.add(String.valueOf(role));
    }
    if (roles.isEmpty()) {
      ctx.fail(HttpErrors.error(400, "invalid_field", "roles: at least one role is required"));
      return;
    }
    accountService.create(username, displayName, password, roles)
        .onSuccess(account -> ctx.response().setStatusCode(201).putHeader("content-type", "application/json")
            .end(account.toJson().encode()))
        .onFailure(failure -> {
          if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            ctx.fail(HttpErrors.error(409, "conflict", "username '" + username + "' is taken"));
          } else if (failure instanceof IllegalArgumentException) {
            ctx.fail(HttpErrors.error(400, "invalid_field", failure.getMessage()));
          } else {
            ctx.fail(failure);
          }
        });
  }

  /** The request body as a JSON object, or a 400 naming the problem. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      JsonObject body = ctx.body().asJsonObject();
      if (body == null) {
        throw HttpErrors.error(400, "bad_request", "a JSON object body is required");
      }
      return body;
    } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
      throw HttpErrors.error(400, "bad_json", "body is not a JSON object");
    }
  }
}
