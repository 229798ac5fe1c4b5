package io.switchboard.security;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
import io.switchboard.testing.TestNodes;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("POST /api/auth/refresh: a fresh staff token from the account as stored now")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenRefreshTest {

  private static final String PASSWORD = "refresh-test-pass";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private static Gateway node;
  private static Vertx vertx;
  private static int port;
  private static String admin;

  /** An account made for one test, and its first token. */
  private record Staff(String id, String username, String token) {
  }

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    port = node.port();
    vertx = Vertx.vertx();
    admin = Http.login(port, "admin", "demo-admin-pass");
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static Staff staff(String... roles) {
    String username = "refresh-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36) + "-"
        + COUNTER.incrementAndGet();
    Http.Response created = Http.post(port, "/api/accounts", admin, new JsonObject().put("username", username)
        .put("displayName", "Rene Fresh").put("password", PASSWORD).put("roles", new JsonArray(List.of(roles)))
        .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return new Staff(created.json().getString("id"), username, Http.login(port, username, PASSWORD));
  }

  private static Http.Response refresh(String token) {
    return Http.post(port, "/api/auth/refresh", token, "");
  }

  private static String refreshed(String token) {
    Http.Response response = refresh(token);
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getString("token");
  }

  private static void assertUnauthorized(Http.Response response, String messagePart) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.json().fieldNames()).containsExactlyInAnyOrder("error", "message");
    assertThat(response.json().getString("error")).isEqualTo("unauthorized");
    assertThat(response.json().getString("message")).contains(messagePart);
  }

  private static void sql(String statement, String accountId) {
    assertThat(TestDatabase.column(statement + " WHERE id = ?::uuid RETURNING id", accountId)).hasSize(1);
  }

  @Test
  @DisplayName("a valid staff token gets a new token like login's: same account, same lifetime, opens /api/me")
  void refreshesValidToken() {
    Staff staff = staff("agent");
    Http.Response response = refresh(staff.token());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.getInteger("expiresIn")).isEqualTo(900);
    assertThat(body.getJsonObject("account").getString("id")).isEqualTo(staff.id());
    assertThat(body.encode()).doesNotContain("password").doesNotContain("$2");
    Http.Response me = Http.get(port, "/api/me", body.getString("token"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("id")).isEqualTo(staff.id());
    assertThat(me.json().getString("username")).isEqualTo(staff.username());
    assertThat(me.json().getJsonArray("roles")).containsExactly("agent");
    assertThat(Http.get(port, "/api/conversations", refreshed(body.getString("token"))).status())
        .as("a refreshed token can itself be refreshed").isEqualTo(200);
  }

  @Test
  @DisplayName("no token, an expired, a tampered and a visitor token get the usual 401 JSON")
  void refusesBadTokens() {
    Staff staff = staff("agent");
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", staff.id()).put("username", staff.username())
        .put("roles", new JsonArray().add("agent"));
    String expired = JWTAuth.create(vertx, new JWTAuthOptions()
            .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(TestNodes.JWT_SECRET)))
        .generateToken(claims.put("iat", now - 600).put("exp", now - 60), new JWTOptions().setAlgorithm("HS256")
            .setIssuer(TokenService.ISSUER).setAudience(List.of(TokenService.STAFF_AUDIENCE)));
    String signature = staff.token().substring(staff.token().lastIndexOf('.') + 1);
    String tampered = staff.token().substring(0, staff.token().lastIndexOf('.') + 1)
        + (signature.charAt(0) == 'A' ? 'B' : 'A') + signature.substring(1);
    String visitorToken;
    try (VisitorClient visitor = VisitorClient.connect(vertx, port)) {
      visitorToken = visitor.hello().token();
    }

    assertUnauthorized(refresh(null), "Authorization: Bearer");
    for (String token : List.of(expired, tampered, visitorToken, "not-a-jwt")) {
      assertUnauthorized(refresh(token), "token is invalid or expired");
    }
    assertThat(refresh(staff.token()).status())
        .as("the account's own valid token, to show the refusals above are about the tokens").isEqualTo(200);
  }

  @Test
  @DisplayName("renewals keep the sign-in time: refused once the sign-in is older than staffSessionMaxHours (12)")
  void sessionHasAnAbsoluteLimit() {
    Staff staff = staff("agent");
    TokenService signer = new TokenService(vertx, TestNodes.JWT_SECRET, 900, 3600, 12);
    Account account = new Account(UUID.fromString(staff.id()), staff.username(), "Rene Fresh", null, Set.of("agent"),
        true);
    long now = System.currentTimeMillis() / 1000;

    String elevenHours = signer.issueStaffToken(account, now - 11 * 3600);
    String renewed = refreshed(elevenHours);
    assertThat(claims(renewed).getLong("auth_time")).as("the sign-in time travels with the renewal")
        .isEqualTo(now - 11 * 3600);
    assertThat(claims(staff.token()).getLong("auth_time")).as("a password sign-in starts the clock")
        .isBetween(now - 60, now + 60);

    assertUnauthorized(refresh(signer.issueStaffToken(account, now - 12 * 3600 - 5)), "sign in with your password");
    assertThat(Http.get(port, "/api/me", signer.issueStaffToken(account, now - 12 * 3600 - 5)).status())
        .as("the token itself is still valid until it expires; only its renewal is refused").isEqualTo(200);
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"UPDATE accounts SET active = false", "DELETE FROM accounts"})
  @DisplayName("a disabled or deleted account gets 401 although its token is still valid")
  void refusesAccountGone(String change) {
    Staff staff = staff("agent");
    sql(change, staff.id());

    assertUnauthorized(refresh(staff.token()), "account " + staff.id() + " is disabled or no longer exists");
    assertThat(Http.get(port, "/api/me", staff.token()).status())
        .as("the old token itself is still valid until it expires: the refusal comes from the database")
        .isEqualTo(200);
    assertThat(Http.post(port, "/api/auth/login", null, new JsonObject().put("username", staff.username())
        .put("password", PASSWORD).encode()).status()).isEqualTo(401);
  }

  @Test
  @DisplayName("roles changed in the database reach the refreshed token, up and down; the old token keeps its own")
  void takesRolesFromDatabase() {
    Staff staff = staff("agent");
    assertThat(Http.get(port, "/api/supervisor/snapshot", staff.token()).status()).isEqualTo(403);

    sql("UPDATE accounts SET roles = '{supervisor}'", staff.id());
    String promoted = refreshed(staff.token());
    assertThat(Http.get(port, "/api/me", promoted).json().getJsonArray("roles")).containsExactly("supervisor");
    assertThat(Http.get(port, "/api/supervisor/snapshot", promoted).status()).isEqualTo(200);
    assertThat(Http.get(port, "/api/supervisor/snapshot", staff.token()).status())
        .as("the old token still carries the old roles").isEqualTo(403);

    sql("UPDATE accounts SET roles = '{agent}'", staff.id());
    String demoted = refreshed(promoted);
    assertThat(Http.get(port, "/api/me", demoted).json().getJsonArray("roles")).containsExactly("agent");
    assertThat(Http.get(port, "/api/supervisor/snapshot", demoted).status()).isEqualTo(403);
  }
}
