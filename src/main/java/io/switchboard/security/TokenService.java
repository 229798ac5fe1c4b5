package io.switchboard.security;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.auth.PubSecKeyOptions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and checks the two kinds of signed tokens, both HS256 JWTs with the configured secret:
 * staff tokens (short-lived, audience {@value #STAFF_AUDIENCE}, with roles) and visitor tokens (long-lived,
 * audience {@value #VISITOR_AUDIENCE}, subject = visitor id). The audience keeps one kind from being accepted
 * as the other. Unsigned ({@code alg: none}), tampered and expired tokens are rejected.
 */
public final class TokenService {

  public static final String ISSUER = "switchboard";
  public static final String STAFF_AUDIENCE = "switchboard-staff";
  public static final String VISITOR_AUDIENCE = "switchboard-visitor";

  private final JWTAuth staffAuth;
  private final JWTAuth visitorAuth;
  /** When the password sign-in happened (epoch seconds); renewed tokens keep it (OpenID Connect's claim name). */
  static final String AUTH_TIME = "auth_time";

  private final int staffTtlSeconds;
  private final int visitorTtlSeconds;
  private final long staffSessionMaxSeconds;

  public TokenService(Vertx vertx, String secret, int staffTtlSeconds, int visitorTtlSeconds,
                      int staffSessionMaxHours) {
    this.staffAuth = JWTAuth.create(vertx, options(secret, STAFF_AUDIENCE));
    this.visitorAuth = JWTAuth.create(vertx, options(secret, VISITOR_AUDIENCE));
    this.staffTtlSeconds = staffTtlSeconds;
    this.visitorTtlSeconds = visitorTtlSeconds;
    this.staffSessionMaxSeconds = staffSessionMaxHours * 3600L;
  }

  private static JWTAuthOptions options(String secret, String audience) {
    return new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
        .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(audience)));
  }

  /** The authentication provider that routes use to check staff bearer tokens. */
  public JWTAuth staffAuth() {
    return staffAuth;
  }

  /** A staff token for a sign-in with the password, now. */
  public String issueStaffToken(Account account) {
    return issueStaffToken(account, Instant.now().getEpochSecond());
  }

  /**
   * A fresh token for the bearer's sign-in: it keeps the sign-in time, so renewals cannot stretch a session past
   * {@code security.staffSessionMaxHours}; empty once they would (the person signs in with the password again).
   */
  public Optional<String> renewStaffToken(Account account, User bearer) {
    long signedInAt = signInTime(bearer);
    if (Instant.now().getEpochSecond() - signedInAt >= staffSessionMaxSeconds) {
      return Optional.empty();
    }
    return Optional.of(issueStaffToken(account, signedInAt));
  }

  public int staffSessionMaxHours() {
    return (int) (staffSessionMaxSeconds / 3600);
  }

  private static long signInTime(User bearer) {
    if (bearer.principal().getValue(AUTH_TIME) instanceof Number at) {
      return at.longValue();
    }
    // a token from before auth_time existed: its own issue time is the latest the sign-in can have been
    return bearer.containsKey("iat") && bearer.get("iat") instanceof Number iat ? iat.longValue() : 0;
  }

  String issueStaffToken(Account account, long signedInAt) {
    JsonObject claims = new JsonObject()
        .put("sub", account.id().toString())
        .put("username", account.username())
        .put("name", account.displayName())
        .put("roles", new JsonArray(List.copyOf(account.roles())))
        .put(AUTH_TIME, signedInAt);
    return staffAuth.generateToken(claims, new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(ISSUER)
        .setAudience(List.of(STAFF_AUDIENCE))
        .setExpiresInSeconds(staffTtlSeconds));
  }

  public int staffTokenTtlSeconds() {
    return staffTtlSeconds;
  }

  public String issueVisitorToken(UUID visitorId) {
    return visitorAuth.generateToken(new JsonObject().put("sub", visitorId.toString()), new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(ISSUER)
        .setAudience(List.of(VISITOR_AUDIENCE))
        .setExpiresInSeconds(visitorTtlSeconds));
  }

  /** The visitor id inside a valid visitor token; fails for anything else. */
  public Future<UUID> verifyVisitorToken(String token) {
    return visitorAuth.authenticate(new TokenCredentials(token))
        .map(user -> UUID.fromString(user.principal().getString("sub")));
  }

  /** The staff member behind a valid staff token; fails for anything else. */
  public Future<User> verifyStaffToken(String token) {
    return staffAuth.authenticate(new TokenCredentials(token));
  }

  /** Roles carried by a verified staff user. */
  public static Set<Role> roles(User user) {
    JsonArray roles = user.principal().getJsonArray("roles", new JsonArray());
    java.util.EnumSet<Role> out = java.util.EnumSet.noneOf(Role.class);
    for (Object role : roles) {
      Role.fromCode(String.valueOf(role)).ifPresent(out::add);
    }
    return out;
  }

  public static boolean hasRole(User user, Role required) {
    return roles(user).stream().anyMatch(role -> role.includes(required));
  }
}
