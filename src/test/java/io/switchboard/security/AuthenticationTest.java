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

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Staff login, JWT checks and role enforcement")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthenticationTest {

  private static Gateway node;
  private static Vertx vertx;
  private static int port;

  @BeforeAll
  static void start() {
    node = TestNodes.start();
    port = node.port();
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().toCompletionStage().toCompletableFuture().join();
    node.close();
  }

  private static String signed(JsonObject claims, String secret, JWTOptions options) {
    JWTAuth auth = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return auth.generateToken(claims, options.setAlgorithm("HS256"));
  }

  private static JsonObject adminClaims() {
    return new JsonObject().put("sub", UUID.randomUUID().toString()).put("username", "admin")
        .put("roles", new JsonArray().add("admin"));
  }

  private static JWTOptions staffOptions() {
    return new JWTOptions().setIssuer(TokenService.ISSUER).setAudience(List.of(TokenService.STAFF_AUDIENCE))
        .setExpiresInSeconds(300);
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("good credentials give a short-lived token that opens /api/me")
  void goodCredentials() {
    Http.Response login = Http.post(port, "/api/auth/login", null,
        "{\"username\":\"agent\",\"password\":\"demo-agent-pass\"}");
    assertThat(login.status()).isEqualTo(200);
    assertThat(login.json().getInteger("expiresIn")).isEqualTo(900);
    assertThat(login.body()).doesNotContain("password_hash").doesNotContain("$2");

    Http.Response me = Http.get(port, "/api/me", login.json().getString("token"));
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("username")).isEqualTo("agent");
    assertThat(me.json().getJsonArray("roles")).containsExactly("agent");
  }

  @Test
  @DisplayName("a wrong password and an unknown user get the same 401")
  void badCredentials() {
    Http.Response wrongPassword = Http.post(port, "/api/auth/login", null,
        "{\"username\":\"agent\",\"password\":\"nope-nope\"}");
    Http.Response unknownUser = Http.post(port, "/api/auth/login", null,
        "{\"username\":\"nobody\",\"password\":\"nope-nope\"}");
    assertThat(wrongPassword.status()).isEqualTo(401);
    assertThat(unknownUser.status()).isEqualTo(401);
    assertThat(wrongPassword.json()).isEqualTo(unknownUser.json());
    assertThat(wrongPassword.json().getString("error")).isEqualTo("invalid_credentials");
  }

  @Test
  @DisplayName("a login without a JSON body is a clear 400")
  void malformedLogin() {
    Http.Response response = Http.post(port, "/api/auth/login", null, "username=agent");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("bad_json");
  }

  @Test
  @DisplayName("passwords are stored as bcrypt hashes, never in clear")
  void passwordsHashed() {
    List<Object> hashes = TestDatabase.column("SELECT password_hash FROM accounts WHERE username = 'agent'");
    assertThat(hashes).hasSize(1);
    assertThat((String) hashes.get(0)).startsWith("$2").doesNotContain("demo-agent-pass");
  }

  @Test
  @DisplayName("no token, an expired, a tampered, an alg=none and a visitor token are all rejected with 401")
  void badTokensRejected() {
    String expired = signed(adminClaims().put("exp", System.currentTimeMillis() / 1000 - 60)
        .put("iat", System.currentTimeMillis() / 1000 - 600), TestNodes.JWT_SECRET,
        new JWTOptions().setIssuer(TokenService.ISSUER).setAudience(List.of(TokenService.STAFF_AUDIENCE)));
    String good = Http.login(port, "agent", "demo-agent-pass");
    String[] parts = good.split("\\.");
    String tampered = parts[0] + "." + b64(new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]),
        StandardCharsets.UTF_8)).put("roles", new JsonArray().add("admin")).encode()) + "." + parts[2];
    String algNone = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(adminClaims()
        .put("iss", TokenService.ISSUER).put("aud", TokenService.STAFF_AUDIENCE)
        .put("exp", System.currentTimeMillis() / 1000 + 600).encode()) + ".";
    String otherSecret = signed(adminClaims(), "another-secret-that-is-long-enough-0123456789", staffOptions());
    String visitorToken;
    try (VisitorClient visitor = VisitorClient.connect(vertx, port)) {
      visitorToken = visitor.hello().token();
    }

    assertThat(Http.get(port, "/api/me", null).status()).isEqualTo(401);
    for (String token : List.of(expired, tampered, algNone, otherSecret, visitorToken, "not-a-jwt")) {
      Http.Response response = Http.get(port, "/api/accounts", token);
      assertThat(response.status()).as("token %s", token).isEqualTo(401);
      assertThat(response.json().getString("error")).isEqualTo("unauthorized");
    }
    assertThat(Http.get(port, "/api/accounts", signed(adminClaims(), TestNodes.JWT_SECRET, staffOptions())).status())
        .as("a correctly signed admin token, to show the rejections above are about the token")
        .isEqualTo(200);
  }

  @Test
  @DisplayName("roles are enforced: an agent may not manage accounts, an admin may")
  void rolesEnforced() {
    String agent = Http.login(port, "agent", "demo-agent-pass");
    String supervisor = Http.login(port, "supervisor", "demo-supervisor-pass");
    String admin = Http.login(port, "admin", "demo-admin-pass");

    assertThat(Http.get(port, "/api/accounts", agent).status()).isEqualTo(403);
    assertThat(Http.get(port, "/api/accounts", supervisor).status()).isEqualTo(403);
    Http.Response list = Http.get(port, "/api/accounts", admin);
    assertThat(list.status()).isEqualTo(200);
    assertThat(new JsonArray(list.body()).stream().map(a -> ((JsonObject) a).getString("username")))
        .contains("admin", "agent", "supervisor");
    assertThat(Http.get(port, "/api/conversations", supervisor).status()).isEqualTo(200);
    assertThat(Http.get(port, "/api/conversations", agent).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an admin creates an account that can then log in; bad input and duplicates are refused")
  void adminCreatesAccount() {
    String admin = Http.login(port, "admin", "demo-admin-pass");
    String username = "new-agent-" + UUID.randomUUID().toString().substring(0, 8);
    String body = new JsonObject().put("username", username).put("displayName", "New Agent")
        .put("password", "s3cret-pass").put("roles", new JsonArray().add("agent")).encode();

    Http.Response created = Http.post(port, "/api/accounts", admin, body);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getString("username")).isEqualTo(username);
    assertThat(Http.login(port, username, "s3cret-pass")).isNotBlank();

    assertThat(Http.post(port, "/api/accounts", admin, body).status()).isEqualTo(409);
    Http.Response badRole = Http.post(port, "/api/accounts", admin, new JsonObject().put("username", "x-" + username)
        .put("password", "s3cret-pass").put("roles", new JsonArray().add("owner")).encode());
    assertThat(badRole.status()).isEqualTo(400);
    assertThat(badRole.json().getString("message")).contains("'owner'");
    Http.Response shortPassword = Http.post(port, "/api/accounts", admin, new JsonObject()
        .put("username", "y-" + username).put("password", "short").encode());
    assertThat(shortPassword.status()).isEqualTo(400);
    assertThat(Http.post(port, "/api/accounts", Http.login(port, "agent", "demo-agent-pass"), body).status())
        .isEqualTo(403);
  }

  @Test
  @DisplayName("a visitor reads only their own conversation over REST")
  void visitorRestIsolation() {
    try (VisitorClient alice = VisitorClient.connect(vertx, port);
         VisitorClient bob = VisitorClient.connect(vertx, port)) {
      VisitorClient.Hello aliceHello = alice.hello();
      alice.say("a1", "private words");
      VisitorClient.Hello bobHello = bob.hello();

      Http.Response own = Http.get(port, "/api/visitor/conversations/" + aliceHello.conversationId(),
          aliceHello.token());
      assertThat(own.status()).isEqualTo(200);
      assertThat(own.json().getJsonArray("events")).hasSize(2);

      Http.Response foreign = Http.get(port, "/api/visitor/conversations/" + aliceHello.conversationId(),
          bobHello.token());
      assertThat(foreign.status()).isEqualTo(404);
      assertThat(foreign.body()).doesNotContain("private words");
      String staff = Http.login(port, "agent", "demo-agent-pass");
      assertThat(Http.get(port, "/api/visitor/conversations/" + aliceHello.conversationId(), staff).status())
          .as("a staff token is not a visitor token").isEqualTo(401);
    }
  }
}
