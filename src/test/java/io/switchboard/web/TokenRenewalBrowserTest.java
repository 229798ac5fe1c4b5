package io.switchboard.web;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.VisitorClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silent token renewal of the agent console and the admin pages, against a node whose staff tokens live
 * {@value #TTL_SECONDS} s: each page is signed in, the first token's expiry passes (the server closes a socket whose
 * token expired, and REST refuses it), and the page is still signed in, on the same WebSocket, and working.
 */
@DisplayName("Console and admin pages renew their staff token silently and keep their socket past its expiry")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TokenRenewalBrowserTest {

  /** Short enough for a short test; long enough that 80% of it leaves a second before the JWT's whole-second expiry. */
  private static final int TTL_SECONDS = 10;
  private static final String PASSWORD = "renewal-test-pass";

  private static Gateway node;
  private static Vertx clients;
  private static BrowserSupport.Browser browser;

  private WebDriver driver;
  private String base;

  @BeforeAll
  static void start() {
    BrowserSupport.assumeBrowserInstalled();
    node = BrowserSupport.startNode(tree -> tree.getJsonObject("security").put("agentTokenTtlSeconds", TTL_SECONDS));
    clients = Vertx.vertx();
    browser = BrowserSupport.open();
  }

  @AfterAll
  static void stop() {
    BrowserSupport.stopAll(browser, clients, node);
  }

  @BeforeEach
  void freshPage() {
    driver = browser.driver();
    base = "http://127.0.0.1:" + node.port();
    driver.get(base + "/agent/");
    js("sessionStorage.clear(); localStorage.clear();");
  }

  private Object js(String script) {
    return ((JavascriptExecutor) driver).executeScript(script);
  }

  private <T> T until(Function<WebDriver, T> condition, Duration bound, String what) {
    WebDriverWait wait = new WebDriverWait(driver, bound, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    try {
      return wait.withMessage(what).until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what + "; page: "
          + js("return document.body.innerText.slice(0, 2000)"), e);
    }
  }

  private <T> T until(Function<WebDriver, T> condition, String what) {
    return until(condition, BrowserSupport.WAIT, what);
  }

  private void signIn(String path, String username, String password) {
    driver.get(base + path);
    until(d -> d.findElement(By.id("login-user")).isDisplayed(), "the sign-in form of " + path);
    driver.findElement(By.id("login-user")).sendKeys(username);
    driver.findElement(By.id("login-pass")).sendKeys(password);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
  }

  /**
   * Waits until a second past the expiry of {@code firstToken} (the JWT's own {@code exp}), then checks the page
   * replaced its token and still shows no sign-in form.
   */
  private void awaitPastExpiry(String firstToken, String tokenKey) {
    String payload = new String(Base64.getUrlDecoder().decode(firstToken.split("\\.")[1]), StandardCharsets.UTF_8);
    long pastExpiryMs = (new JsonObject(payload).getLong("exp") + 1) * 1000;
    until(d -> System.currentTimeMillis() > pastExpiryMs, Duration.ofSeconds(TTL_SECONDS + 5),
        "a second past the first token's expiry");
    assertThat(Http.get(node.port(), "/api/me", firstToken).status()).as("the first token has expired").isEqualTo(401);
    assertThat(driver.findElement(By.id("login")).isDisplayed()).as("the sign-in form").isFalse();
    String current = (String) js("return sessionStorage.getItem('" + tokenKey + "')");
    assertThat(current).as("the stored token").isNotNull().isNotEqualTo(firstToken);
    assertThat(Http.get(node.port(), "/api/me", current).status()).as("the renewed token").isEqualTo(200);
  }

  @Test
  @DisplayName("console: past the first token's expiry it is on the same socket, gets an offer and chats both ways")
  void consoleRenews() {
    String admin = Http.login(node.port(), "admin", "demo-admin-pass");
    String username = "renew-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Http.Response created = Http.post(node.port(), "/api/accounts", admin, new JsonObject().put("username", username)
        .put("displayName", "Rene Renew").put("password", PASSWORD).put("roles", new JsonArray().add("agent"))
        .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    // A language of its own, so that hand-offs of other tests sharing the database never reach this agent.
    ThreadLocalRandom random = ThreadLocalRandom.current();
    String language = "z" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
    Http.Response profile = Http.request(node.port(), "PUT", "/api/agents/" + created.json().getString("id")
        + "/profile", admin, "application/json", new JsonObject().put("languages", new JsonArray().add(language))
        .put("maxChats", 2).encode());
    assertThat(profile.status()).as(profile.body()).isEqualTo(200);

    signIn("/agent/", username, PASSWORD);
    until(d -> Boolean.TRUE.equals(js("return window.__switchboardConsole.isConnected()")), "the console to connect");
    js("window.__firstSocket = window.__switchboardConsole.state.ws;");
    String firstToken = (String) js("return sessionStorage.getItem('switchboard.console.token')");

    awaitPastExpiry(firstToken, "switchboard.console.token");
    assertThat(js("const c = window.__switchboardConsole; return c.isConnected()"
        + " && c.state.ws === window.__firstSocket && c.state.ws.readyState === WebSocket.OPEN"))
        .as("connected on the socket opened with the first token").isEqualTo(true);

    // Working after the expiry, on that socket: availability, an offer, the visitor's message, the agent's reply.
    driver.findElement(By.cssSelector("label.switch")).click();
    until(d -> "Available".equals(d.findElement(By.id("available-text")).getText()), "the agent available");
    try (VisitorClient visitor = VisitorClient.connect(clients, node.port())) {
      visitor.hello(new JsonObject().put("locale", language + "-" + language.toUpperCase()));
      visitor.say("v-1", "Still there after the token expired?");
      visitor.send(new JsonObject().put("type", "escalate"));
      visitor.awaitType("escalated");
      until(d -> d.findElements(By.cssSelector("#offers .offer .accept")).stream().findFirst().orElse(null),
          "an offer").click();
      until(d -> d.findElements(By.cssSelector("#transcript .row.visitor .text")).stream()
          .anyMatch(e -> e.getText().equals("Still there after the token expired?")), "the visitor's message");
      driver.findElement(By.id("input")).sendKeys("Yes, still here.");
      driver.findElement(By.id("input")).sendKeys(Keys.ENTER);
      visitor.await(f -> "event".equals(f.getString("type"))
          && "Yes, still here.".equals(f.getJsonObject("event").getString("text")), "the agent's reply");
    }
    assertThat(js("return window.__switchboardConsole.state.ws === window.__firstSocket")).isEqualTo(true);
  }

  @Test
  @DisplayName("admin pages: past the first token's expiry the wallboard polls and its socket is still open")
  void adminPagesRenew() {
    signIn("/admin/", "supervisor", "demo-supervisor-pass");
    until(d -> Boolean.TRUE.equals(js("const ws = window.__switchboardAdmin.state.ws;"
        + " return !!ws && ws.readyState === WebSocket.OPEN")), "the wallboard socket open");
    js("window.__firstSocket = window.__switchboardAdmin.state.ws;");
    String firstToken = (String) js("return sessionStorage.getItem('switchboard.admin.token')");

    awaitPastExpiry(firstToken, "switchboard.admin.token");
    Object polledAt = js("return Date.now()");
    // The 2-second poll goes on with the renewed token; a 401 would have brought the sign-in form back.
    until(d -> Boolean.TRUE.equals(js("return window.__switchboardAdmin.state.lastPollAt > " + polledAt)),
        "a poll after the expiry");
    assertThat(driver.findElement(By.id("updated")).getText()).startsWith("● live ·");
    assertThat(js("const ws = window.__switchboardAdmin.state.ws;"
        + " return ws === window.__firstSocket && ws.readyState === WebSocket.OPEN"))
        .as("the wallboard socket opened with the first token is still open").isEqualTo(true);
    assertThat(driver.findElement(By.id("login")).isDisplayed()).isFalse();
  }
}
