package io.switchboard.web;

import io.switchboard.agent.AgentClient;
import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
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
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent console (webroot/agent/) and the supervisor wallboard (webroot/admin/) in a real browser against a
 * real node; visitors are real WebSocket clients. Each test makes its own agent account speaking a language of
 * its own (and visitors with that locale), so hand-offs of other tests sharing the database never reach it.
 */
@DisplayName("Agent console and wallboard in a real browser: hand-off, drops, escaping, wallboard")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ConsoleBrowserTest {

  private static final String SCREENSHOTS = System.getProperty("switchboard.screenshots", "");
  private static final String PASSWORD = "console-test-pass";

  private static Gateway node;
  private static Vertx clients;
  private static BrowserSupport.Browser browser;
  private static String adminToken;
  private static String canned;

  private WebDriver driver;
  private WebDriverWait wait;
  private String base;

  /** A test agent: account, password {@link #PASSWORD}, profile speaking {@code language} only. */
  private record Agent(String id, String username, String language) {
    String locale() {
      return language + "-" + language.toUpperCase();
    }
  }

  @BeforeAll
  static void start() {
    BrowserSupport.assumeBrowserInstalled();
    assertThat(BrowserSupport.webroot().resolve("agent/agent.js")).isRegularFile();
    node = BrowserSupport.startNode(tree -> { });
    clients = Vertx.vertx();
    browser = BrowserSupport.open();
    adminToken = Http.login(node.port(), "admin", "demo-admin-pass");
    // A shared canned response with a placeholder and a fallback, unique to this run.
    canned = "thanks" + Long.toString(System.nanoTime() % 1_000_000L, 36);
    Http.Response created = Http.post(node.port(), "/api/canned", adminToken, new JsonObject()
        .put("shortcut", canned).put("scope", "shared")
        .put("text", "Thanks for waiting, {visitor.name|there}. I am {agent.firstName} and I will sort this out.")
        .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    BrowserSupport.stopAll(browser, clients, node);
  }

  @BeforeEach
  void freshPage() {
    driver = browser.driver();
    wait = new WebDriverWait(driver, BrowserSupport.WAIT, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    base = "http://127.0.0.1:" + node.port();
    // Back to a single tab with empty storage.
    String first = driver.getWindowHandles().iterator().next();
    for (String handle : driver.getWindowHandles()) {
      if (!handle.equals(first)) {
        driver.switchTo().window(handle).close();
      }
    }
    driver.switchTo().window(first);
    driver.get(base + "/agent/");
    js("sessionStorage.clear(); localStorage.clear();");
  }

  // ---------------------------------------------------------------- helpers

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private <T> T until(Function<WebDriver, T> condition, String what) {
    try {
      return wait.withMessage(what).until(condition);
    } catch (org.openqa.selenium.TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what + "; console state: " + js("const c ="
          + " window.__switchboardConsole; return c ? JSON.stringify({ready: c.isConnected(), queue: c.state.queue,"
          + " offers: [...c.state.offers.keys()], chats: [...c.state.convs.keys()], transcript: c.transcript()})"
          + " : document.body.innerText.slice(0, 3000)"), e);
    }
  }

  private WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  private static String randomLanguage() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return "q" + (char) ('a' + random.nextInt(26)) + (char) ('a' + random.nextInt(26));
  }

  private static Agent newAgent(String displayName) {
    return newAgent(displayName, 3);
  }

  private static Agent newAgent(String displayName, int maxChats) {
    String username = "console-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Http.Response created = Http.post(node.port(), "/api/accounts", adminToken, new JsonObject()
        .put("username", username).put("displayName", displayName).put("password", PASSWORD)
        .put("roles", new JsonArray().add("agent")).encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    String id = created.json().getString("id");
    String language = randomLanguage();
    Http.Response profile = Http.request(node.port(), "PUT", "/api/agents/" + id + "/profile", adminToken,
        "application/json", new JsonObject().put("languages", new JsonArray().add(language))
            .put("skills", new JsonArray().add("orders")).put("maxChats", maxChats).encode());
    assertThat(profile.status()).as(profile.body()).isEqualTo(200);
    return new Agent(id, username, language);
  }

  private void login(String path, String username, String password) {
    driver.get(base + path);
    until(d -> find("#login-user").isDisplayed(), "the login form");
    find("#login-user").sendKeys(username);
    find("#login-pass").sendKeys(password);
    find("#login-form button[type=submit]").click();
  }

  private void loginConsole(Agent agent) {
    login("/agent/", agent.username(), PASSWORD);
    awaitConsoleConnected();
  }

  private void awaitConsoleConnected() {
    until(d -> Boolean.TRUE.equals(js("return window.__switchboardConsole.isConnected()")), "the console to connect");
  }

  private void goAvailable() {
    find("label.switch").click();
    until(d -> "Available".equals(find("#available-text").getText()), "the agent to be available");
  }

  /** A visitor in the agent's language who has said {@code lines} and asked for a person. */
  private VisitorClient escalatedVisitor(Agent agent, String... lines) {
    return identifiedVisitor(agent, "Dana Fischer", lines);
  }

  /** Like {@link #escalatedVisitor}, with the name the shop's page sends in hello. */
  private VisitorClient identifiedVisitor(Agent agent, String name, String... lines) {
    VisitorClient visitor = VisitorClient.connect(clients, node.port());
    // What a shop tells Switchboard about its signed-in customer (the hand-off packet reads it).
    VisitorClient.Hello hello = visitor.hello(new JsonObject().put("locale", agent.locale())
        .put("page", "https://shop.example/orders/NW-4821")
        .put("visitor", new JsonObject().put("name", name).put("email", "dana@example.com")));
    // An attribute no hello field sets: the context panel lists it too.
    TestDatabase.column("UPDATE visitors SET attributes = attributes || ?::jsonb WHERE id = (SELECT visitor_id"
        + " FROM conversations WHERE id = ?::uuid) RETURNING 1", new JsonObject().put("plan", "premium").encode(),
        hello.conversationId());
    int n = 0;
    for (String line : lines) {
      visitor.say("v-" + (++n), line);
    }
    visitor.send(new JsonObject().put("type", "escalate"));
    visitor.awaitType("escalated");
    return visitor;
  }

  private String conversationId(VisitorClient visitor) {
    return visitor.received().stream().filter(f -> "welcome".equals(f.getString("type"))).findFirst()
        .orElseThrow().getString("conversationId");
  }

  private void acceptOffer(String expectedSummary) {
    WebElement offer = until(d -> d.findElements(By.cssSelector("#offers .offer")).stream()
        .filter(o -> o.findElement(By.cssSelector(".summary")).getText().equals(expectedSummary))
        .findFirst().orElse(null), "an offer for '" + expectedSummary + "'");
    offer.findElement(By.cssSelector(".accept")).click();
    until(d -> !d.findElements(By.cssSelector("#tabs .tab.active")).isEmpty(), "the accepted chat's tab");
  }

  @SuppressWarnings("unchecked")
  private List<String> visitorTexts() {
    return (List<String>) js("return [...document.querySelectorAll('#transcript .row.visitor .text')]"
        + ".map(e => e.textContent)");
  }

  private void awaitVisitorText(String text) {
    until(d -> visitorTexts().contains(text), "'" + text + "' in the console transcript");
  }

  private JsonObject awaitAgentMessage(VisitorClient visitor, String text) {
    return visitor.await(f -> "event".equals(f.getString("type"))
        && "message".equals(f.getJsonObject("event").getString("kind"))
        && "agent".equals(f.getJsonObject("event").getJsonObject("author").getString("kind"))
        && text.equals(f.getJsonObject("event").getString("text")), "the agent message '" + text + "'");
  }

  private void awaitClosed(VisitorClient visitor) {
    visitor.await(f -> "event".equals(f.getString("type"))
        && "status".equals(f.getJsonObject("event").getString("kind"))
        && "closed".equals(f.getJsonObject("event").getJsonObject("data").getString("status")), "status closed");
  }

  private void closeAndFinish(String resolution) {
    new Select(find("#resolution")).selectByValue(resolution);
    find("#close-chat").click();
    until(d -> find("#finish").isDisplayed(), "the wrap-up (finish button)");
    find("#finish").click();
  }

  private void screenshot(String name) throws IOException {
    if (SCREENSHOTS.isBlank()) {
      return;
    }
    Path dir = Path.of(SCREENSHOTS);
    Files.createDirectories(dir);
    Path shot = ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  // ---------------------------------------------------------------- tests

  @Test
  @DisplayName("offer with the hand-off packet, accept, context and frustration gauge, canned reply, note, close")
  void endToEnd() throws IOException {
    Agent agent = newAgent("Alex Morgan");
    loginConsole(agent);
    goAvailable();
    String angry = "This is RIDICULOUS!!! Three weeks and my order NW-4821 still has not arrived. Terrible, useless service!";
    try (VisitorClient visitor = escalatedVisitor(agent, "Where is my order NW-4821?", angry)) {
      WebElement offer = until(d -> d.findElements(By.cssSelector("#offers .offer")).stream().findFirst().orElse(null),
          "an offer");
      assertThat(offer.findElement(By.cssSelector(".summary")).getText()).isEqualTo(angry);
      assertThat(offer.findElement(By.cssSelector(".pill.lang")).getText()).isEqualTo(agent.language().toUpperCase());
      assertThat(offer.findElement(By.cssSelector(".wait")).getText()).startsWith("waiting ");
      acceptOffer(angry);

      awaitVisitorText(angry);
      assertThat(visitorTexts()).containsExactly("Where is my order NW-4821?", angry);
      // Context: visitor attributes and history; live gauge above calm with reasons and a trend arrow.
      String facts = find("#visitor").getText();
      assertThat(facts).contains("Dana Fischer").contains(agent.locale()).contains("premium")
          .contains("first conversation").contains("dana@example.com")
          .contains("provided by the website, not verified");
      until(d -> !"calm".equals(find("#gauge").getAttribute("data-class")), "the gauge above calm");
      assertThat(Double.parseDouble(find("#gauge-value").getText())).isGreaterThan(0.3);
      assertThat(find("#gauge-trend").getText()).isIn("↑", "→", "↓");
      assertThat(find("#tabs .tab.active .tab-name").getText()).isEqualTo("Dana Fischer");

      // The visitor types: the console shows it.
      visitor.send(new JsonObject().put("type", "typing").put("state", true));
      until(d -> find("#typing").isDisplayed() && find("#typing").getText().contains("typing"), "the typing indicator");

      // A canned response, searched and rendered with the conversation's values.
      find("#canned-query").sendKeys(canned);
      WebElement cannedItem = until(d -> d.findElements(By.cssSelector("#canned .canned-btn")).stream()
          .filter(b -> b.getText().contains("/" + canned)).findFirst().orElse(null), "the canned response");
      cannedItem.click();
      String rendered = "Thanks for waiting, Dana Fischer. I am Alex and I will sort this out.";
      until(d -> rendered.equals(find("#input").getAttribute("value")), "the rendered canned response");
      find("#input").sendKeys(Keys.ENTER);
      awaitAgentMessage(visitor, rendered);
      until(d -> !d.findElements(By.cssSelector("#transcript .row.agent[data-seq]")).isEmpty(), "the reply stored");

      // An internal note: styled as a note, never sent to the visitor.
      find("#note-mode").click();
      find("#input").sendKeys("Premium customer: offer free express re-shipping");
      find("#send").click();
      until(d -> !d.findElements(By.cssSelector("#transcript .row.note[data-seq]")).isEmpty(), "the note stored");
      find("#note-mode").click();
      find("#input").sendKeys("I have found your parcel: it leaves our warehouse today.");
      find("#input").sendKeys(Keys.ENTER);
      awaitAgentMessage(visitor, "I have found your parcel: it leaves our warehouse today.");
      visitor.say("v-3", "Finally, thank you!");
      awaitVisitorText("Finally, thank you!");
      until(d -> d.findElements(By.cssSelector("#transcript .row.pending")).isEmpty(), "every reply acknowledged");

      // A second visitor: the offer shows next to the open chat; declined, it waits and is picked by hand.
      String second = "Do you ship to Norway? The checkout only lists EU countries.";
      try (VisitorClient other = escalatedVisitor(agent, second)) {
        until(d -> d.findElements(By.cssSelector("#offers .offer .summary")).stream()
            .anyMatch(e -> e.getText().equals(second)), "the second offer");
        js("document.activeElement.blur(); document.getElementById('context').scrollTop = 0;"
            + " const t = document.getElementById('transcript'); t.scrollTop = t.scrollHeight;");
        screenshot("console.png");

        find("#offers .offer .decline").click();
        until(d -> d.findElements(By.cssSelector("#offers .offer")).isEmpty(), "the offer declined");
        WebElement pick = until(d -> d.findElements(By.cssSelector("#queue .queue-item")).stream()
            .filter(li -> li.findElement(By.cssSelector(".q-summary")).getText().equals(second))
            .map(li -> li.findElement(By.cssSelector(".pick"))).filter(WebElement::isDisplayed)
            .findFirst().orElse(null), "the declined chat waiting in the queue");
        pick.click();
        until(d -> d.findElements(By.cssSelector("#tabs .tab")).size() == 2, "a second tab");
        find("#tabs .tab:nth-child(2)").click();
        awaitVisitorText(second);
        closeAndFinish("duplicate");
        awaitClosed(other);
      }

      until(d -> d.findElements(By.cssSelector("#tabs .tab")).size() == 1, "the first chat left");
      find("#tabs .tab").click();
      awaitVisitorText("Finally, thank you!");
      closeAndFinish("resolved");
      awaitClosed(visitor);
      until(d -> d.findElements(By.cssSelector("#tabs .tab")).isEmpty(), "the chat gone after finishing");
      assertThat(visitor.received().stream().filter(f -> "event".equals(f.getString("type")))
          .map(f -> f.getJsonObject("event").getString("kind"))).doesNotContain("note");
    }
  }

  @Test
  @DisplayName("a network drop in the console: after the reconnect every visitor message shows exactly once")
  void survivesDrop() {
    Agent agent = newAgent("Robin Drop");
    loginConsole(agent);
    goAvailable();
    try (VisitorClient visitor = escalatedVisitor(agent, "before the drop")) {
      acceptOffer("before the drop");
      awaitVisitorText("before the drop");
      find("#input").sendKeys("reply before the drop");
      find("#input").sendKeys(Keys.ENTER);
      awaitAgentMessage(visitor, "reply before the drop");

      js("window.__switchboardConsole.dropConnection(2500)");
      until(d -> Boolean.FALSE.equals(js("return window.__switchboardConsole.isConnected()")), "the console offline");
      visitor.say("v-10", "while offline 1");
      visitor.say("v-11", "while offline 2");
      visitor.say("v-12", "while offline 3");
      // Written by the agent while offline: queued and sent with its clientId after the reconnect.
      find("#input").sendKeys("reply written offline");
      find("#input").sendKeys(Keys.ENTER);
      assertThat(find("#transcript .row.pending .text").getText()).isEqualTo("reply written offline");

      awaitConsoleConnected();
      awaitVisitorText("while offline 3");
      awaitAgentMessage(visitor, "reply written offline");
      until(d -> d.findElements(By.cssSelector("#transcript .row.pending")).isEmpty(), "the outbox empty");
      visitor.say("v-13", "after the reconnect");
      awaitVisitorText("after the reconnect");

      assertThat(visitorTexts()).containsExactly("before the drop", "while offline 1", "while offline 2",
          "while offline 3", "after the reconnect");
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> all = (List<Map<String, Object>>) js("return window.__switchboardConsole.transcript()");
      List<Object> seqs = all.stream().map(e -> e.get("seq")).toList();
      assertThat(seqs).doesNotHaveDuplicates();
      assertThat(all.stream().filter(e -> "reply written offline".equals(e.get("text")))).hasSize(1);
      assertThat(driver.findElements(By.xpath("//div[@id='transcript']//div[contains(@class,'agent')]"
          + "//div[@class='text' and text()='reply written offline']"))).hasSize(1);
      assertThat(visitor.received().stream().filter(f -> "event".equals(f.getString("type"))
          && "reply written offline".equals(f.getJsonObject("event").getString("text")))).hasSize(1);

      // Offline again, a reply is written, then the tab is reloaded: the chat is replayed once and the reply
      // (kept in sessionStorage with its clientId) is delivered once.
      js("window.__switchboardConsole.dropConnection(60000)");
      until(d -> Boolean.FALSE.equals(js("return window.__switchboardConsole.isConnected()")), "the console offline");
      find("#input").sendKeys("reply written before the reload");
      find("#input").sendKeys(Keys.ENTER);
      until(d -> !d.findElements(By.cssSelector("#transcript .row.pending")).isEmpty(), "the reply pending");
      driver.navigate().refresh();
      awaitConsoleConnected();
      awaitVisitorText("after the reconnect");
      awaitAgentMessage(visitor, "reply written before the reload");
      until(d -> d.findElements(By.cssSelector("#transcript .row.pending")).isEmpty(), "the outbox empty after the reload");
      assertThat(visitorTexts()).containsExactly("before the drop", "while offline 1", "while offline 2",
          "while offline 3", "after the reconnect");
      assertThat(driver.findElements(By.xpath("//div[@id='transcript']//div[@class='text' and"
          + " text()='reply written before the reload']"))).hasSize(1);
      assertThat(visitor.received().stream().filter(f -> "event".equals(f.getString("type"))
          && "reply written before the reload".equals(f.getJsonObject("event").getString("text")))).hasSize(1);
      closeAndFinish("resolved");
      awaitClosed(visitor);
    }
  }

  @Test
  @DisplayName("markup from a visitor (message and the website's name for them) is shown as text in the offer, the "
      + "tab, the context and the transcript and never runs")
  void rendersMarkupAsText() {
    String attack = "<img src=x onerror=window.__xss=1>";
    Agent agent = newAgent("Sam Secure");
    loginConsole(agent);
    goAvailable();
    try (VisitorClient visitor = identifiedVisitor(agent, attack, attack)) {
      acceptOffer(attack);
      awaitVisitorText(attack);
      assertThat(find("#transcript .row.visitor .text").getText()).isEqualTo(attack);
      assertThat(find("#tabs .tab.active .tab-name").getText()).isEqualTo(attack);
      assertThat(find("#visitor").getText()).contains(attack);
      assertThat(js("return document.querySelectorAll('#app img').length")).isEqualTo(0L);
      assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
      closeAndFinish("spam");
      awaitClosed(visitor);
      assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
    }
  }

  @Test
  @DisplayName("the wallboard shows the waiting queue and the busy agent; the agent then picks the chat from the queue")
  void wallboard() throws IOException {
    Agent agent = newAgent("Kim Picker", 1);
    loginConsole(agent);
    goAvailable();
    String first = "My discount code SPRING10 is rejected at checkout";
    String waiting = "I was charged TWICE for order NW-5530!!! This is unacceptable, refund me now";
    try (VisitorClient busy = escalatedVisitor(agent, first)) {
      acceptOffer(first);
      awaitVisitorText(first);
      // The only agent for this language is at capacity: the next visitor waits in the queue.
      try (VisitorClient visitor = escalatedVisitor(agent, "Hello?", waiting)) {
        visitor.await(f -> "event".equals(f.getString("type"))
            && "status".equals(f.getJsonObject("event").getString("kind"))
            && "queued".equals(f.getJsonObject("event").getJsonObject("data").getString("status")), "queued");
        until(d -> d.findElements(By.cssSelector("#queue .queue-item")).stream()
            .anyMatch(li -> li.findElement(By.cssSelector(".q-summary")).getText().equals(waiting)),
            "the hand-off in the console's queue");
        String consoleTab = driver.getWindowHandle();

        driver.switchTo().newWindow(WindowType.TAB);
        login("/admin/", "supervisor", "demo-supervisor-pass");
        until(d -> !d.findElements(By.cssSelector("#wb-queues tr[data-queue='general']")).isEmpty(),
            "the general queue on the wallboard");
        assertThat(Integer.parseInt(find("#wb-queues tr[data-queue='general'] td:nth-child(2)").getText()))
            .isGreaterThanOrEqualTo(1);
        String row = "#wb-agents tr[data-agent='" + agent.username() + "']";
        until(d -> !d.findElements(By.cssSelector(row)).isEmpty(), "the agent's row");
        until(d -> find(row + " .state-pill").getText().equalsIgnoreCase("available")
            && find(row + " .load").getText().startsWith("1/1"), "the agent shown available with 1/1 chats");
        assertThat(find(row).getText()).contains("Kim Picker").contains(agent.language());
        assertThat(Integer.parseInt(find("#kpi-waiting").getText())).isGreaterThanOrEqualTo(1);
        until(d -> !d.findElements(By.cssSelector("#wb-hot tr")).isEmpty(), "the hottest conversations");
        until(d -> Boolean.TRUE.equals(js("return window.__switchboardAdmin.state.pushed > 0")),
            "a snapshot pushed over watch_supervisor");
        screenshot("wallboard.png");

        // Back in the console: away (no new offers), finish the first chat, pick the waiting one by hand.
        driver.switchTo().window(consoleTab);
        find("label.switch").click();
        until(d -> "Away".equals(find("#available-text").getText()), "the agent away");
        closeAndFinish("resolved");
        awaitClosed(busy);
        WebElement pick = until(d -> d.findElements(By.cssSelector("#queue .queue-item")).stream()
            .filter(li -> li.findElement(By.cssSelector(".q-summary")).getText().equals(waiting))
            .map(li -> li.findElement(By.cssSelector(".pick"))).findFirst().orElse(null), "the Pick button");
        pick.click();
        awaitVisitorText(waiting);
        visitor.await(f -> "event".equals(f.getString("type"))
            && "status".equals(f.getJsonObject("event").getString("kind"))
            && "assigned".equals(f.getJsonObject("event").getJsonObject("data").getString("status")), "assigned");
        closeAndFinish("resolved");
        awaitClosed(visitor);
      }
    }
  }

  @Test
  @DisplayName("a transfer back to the queue with a note: the chat leaves the console and can be picked again;"
      + " an available colleague is offered as a target to a plain agent too")
  void transfersToQueue() {
    Agent agent = newAgent("Jo Transfer");
    Agent colleague = newAgent("Kit Colleague");
    loginConsole(agent);
    goAvailable();
    String question = "Can I change the delivery address of order NW-7001?";
    try (VisitorClient visitor = escalatedVisitor(agent, question);
         AgentClient kit = AgentClient.connect(clients, node.port(),
             Http.login(node.port(), colleague.username(), PASSWORD))) {
      acceptOffer(question);
      awaitVisitorText(question);
      // Away first, so the dispatcher does not offer the chat straight back.
      find("label.switch").click();
      until(d -> "Away".equals(find("#available-text").getText()), "the agent away");
      kit.hello(null);
      kit.available(true);
      find("#transfer-box summary").click();
      until(d -> String.valueOf(js("return [...document.querySelectorAll('#transfer-target option')]"
              + ".map(o => o.value + '=' + o.text).join('\\n')"))
          .contains("agent:" + colleague.id() + "=Agent: Kit Colleague (0/3)"),
          "the available colleague listed with their load when the box opens");
      kit.available(false);
      new Select(find("#transfer-target")).selectByValue("queue:general");
      find("#transfer-note").sendKeys("Address change: needs the logistics team");
      find("#transfer").click();
      until(d -> d.findElements(By.cssSelector("#tabs .tab")).isEmpty(), "the chat gone from the console");
      visitor.await(f -> "event".equals(f.getString("type"))
          && "status".equals(f.getJsonObject("event").getString("kind"))
          && "queued".equals(f.getJsonObject("event").getJsonObject("data").getString("status")), "queued again");
      WebElement pick = until(d -> d.findElements(By.cssSelector("#queue .queue-item")).stream()
          .filter(li -> li.findElement(By.cssSelector(".q-summary")).getText().equals(question))
          .map(li -> li.findElement(By.cssSelector(".pick"))).findFirst().orElse(null), "the chat back in the queue");
      pick.click();
      awaitVisitorText(question);
      until(d -> find("#visitor").getText().contains("logistics team"), "the transfer note in the context panel");
      closeAndFinish("other");
      awaitClosed(visitor);
    }
  }

  @Test
  @DisplayName("admin pages: import a JSON article, find and edit it; gaps, agents (disable, enable), queues and"
      + " canned views load")
  void adminPages() throws IOException {
    Agent leaver = newAgent("Lee Leaver");
    String slug = "console-test-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Path file = Files.createTempFile("kb-import", ".json");
    Files.writeString(file, new JsonObject().put("articles", new JsonArray().add(new JsonObject()
        .put("slug", slug).put("language", "en").put("category", "general")
        .put("title", "Gift wrapping for hedgehog figurines " + slug)
        .put("tags", new JsonArray().add("gift wrap"))
        .put("body", "We wrap hedgehog figurines in recycled paper for free."))).encode());
    try {
      login("/admin/", "admin", "demo-admin-pass");
      until(d -> !d.findElements(By.cssSelector("#wb-agents tr")).isEmpty(), "the wallboard");
      find("button[data-view='kb']").click();
      find("#kb-import").sendKeys(file.toString());
      until(d -> find("#kb-import-status").getText().contains("1 created"), "the import result");
      find("#kb-q").sendKeys("hedgehog figurines gift wrapping");
      find("#kb-search button").click();
      WebElement hit = until(d -> d.findElements(By.cssSelector("#kb-list tr")).stream()
          .filter(tr -> tr.getText().contains(slug) && !tr.findElements(By.cssSelector("button")).isEmpty())
          .findFirst().orElse(null), "the imported article in the search");
      hit.findElement(By.cssSelector("button")).click();
      until(d -> find("#ed-title").getAttribute("value").startsWith("Gift wrapping"), "the article in the editor");
      find("#ed-title").clear();
      find("#ed-title").sendKeys("Free gift wrapping " + slug);
      find("#kb-edit button[type=submit]").click();
      until(d -> find("#ed-status").getText().contains("version 2"), "the article saved");
      String stored = Http.get(node.port(), "/api/kb/search?q=hedgehog+figurines&lang=en", adminToken).body();
      assertThat(stored).contains("Free gift wrapping " + slug);

      find("button[data-view='gaps']").click();
      until(d -> find("#gaps-summary").getText().contains("unanswered"), "the gaps report");
      find("button[data-view='agents']").click();
      until(d -> find("#agents-list").getText().contains("@maria"), "the agents list");
      String toggle = "#agents-list button[data-account='" + leaver.id() + "']";
      // read through JS: the list is redrawn after each change, so a held element would go stale
      Function<WebDriver, String> toggleText = d -> String.valueOf(js(
          "const b = document.querySelector(arguments[0]); return b ? b.textContent : ''", toggle));
      until(d -> toggleText.apply(d).equals("Disable"), "the new agent's Disable button");
      js("window.confirm = () => true");
      find(toggle).click();
      until(d -> toggleText.apply(d).equals("Enable"), "the agent disabled");
      assertThat(TestDatabase.column("SELECT active FROM accounts WHERE id = ?::uuid", leaver.id()))
          .containsExactly(false);
      find(toggle).click();
      until(d -> toggleText.apply(d).equals("Disable"), "the agent enabled again");
      assertThat(TestDatabase.column("SELECT active FROM accounts WHERE id = ?::uuid", leaver.id()))
          .containsExactly(true);
      find("button[data-view='queues']").click();
      until(d -> find("#queues-list").getText().contains("general"), "the queues list");
      find("button[data-view='canned']").click();
      until(d -> find("#canned-list").getText().contains("/" + canned), "the canned list");
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
