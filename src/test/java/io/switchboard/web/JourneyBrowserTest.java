package io.switchboard.web;

import io.switchboard.app.Gateway;
import io.switchboard.testing.Http;
import io.switchboard.testing.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The whole journey in real pages: bot answer in the widget, hand-off to the console, reply, close, rating")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JourneyBrowserTest {

  private static final String PASSWORD = "journey-pass-123";

  private static Gateway node;
  private static BrowserSupport.Browser browser;

  @BeforeAll
  static void start() {
    BrowserSupport.assumeBrowserInstalled();
    node = BrowserSupport.startNode(tree -> tree.getJsonObject("bot").put("enabled", true));
    browser = BrowserSupport.open();
  }

  @AfterAll
  static void stop() {
    BrowserSupport.stopAll(browser, null, node);
  }

  private static <T> T until(WebDriver driver, Function<WebDriver, T> condition, String what) {
    WebDriverWait wait = new WebDriverWait(driver, BrowserSupport.WAIT, Duration.ofMillis(50));
    wait.ignoring(StaleElementReferenceException.class);
    return wait.withMessage(what).until(condition);
  }

  private static Object js(WebDriver driver, String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  private static long botRows(WidgetPage widget) {
    return (Long) widget.js("return window.__switchboardWidget.root.querySelectorAll('.row.bot[data-seq]').length");
  }

  @Test
  @DisplayName("visitor asks, the bot answers, the visitor asks for a person, an agent accepts and replies, closes, "
      + "and the visitor rates")
  void wholeJourney() {
    // Only this test's agent may receive the hand-off (other tests share the database).
    TestDatabase.column("UPDATE agent_presence SET available = FALSE WHERE available RETURNING 1");
    String admin = Http.login(node.port(), "admin", "demo-admin-pass");
    String username = "journey-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    Http.Response created = Http.post(node.port(), "/api/accounts", admin, new JsonObject().put("username", username)
        .put("displayName", "Jamie Rivera").put("password", PASSWORD).put("roles", new JsonArray().add("agent"))
        .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Http.Response profile = Http.request(node.port(), "PUT", "/api/agents/" + created.json().getString("id")
            + "/profile", admin, "application/json",
        new JsonObject().put("languages", new JsonArray().add("en")).put("skills", new JsonArray())
            .put("maxChats", 3).encode());
    assertThat(profile.status()).as(profile.body()).isEqualTo(200);

    WebDriver driver = browser.driver();
    String visitorTab = driver.getWindowHandle();
    WidgetPage widget = new WidgetPage(driver, node.port());
    driver.get(widget.base() + "/shop.html");
    js(driver, "localStorage.clear(); sessionStorage.clear();");
    widget.openShop().openPanel().awaitConnected();

    // 1. A question answered by the bot from the demo knowledge base.
    long before = botRows(widget);
    widget.sendWithEnter("How long does delivery take?");
    widget.awaitOwnMessage("How long does delivery take?", "sent");
    widget.until(d -> botRows(widget) > before, "the bot's answer in the widget");
    String conversationId = widget.conversationId();
    assertThat(TestDatabase.column("SELECT data->>'outcome' FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND author_kind = 'bot' AND data->>'outcome' IN ('answer', 'did_you_mean')", conversationId)).isNotEmpty();

    // 2. The agent signs in to the console in a second tab and goes available.
    driver.switchTo().newWindow(WindowType.TAB);
    String consoleTab = driver.getWindowHandle();
    driver.get(widget.base() + "/agent/");
    until(driver, d -> d.findElement(By.cssSelector("#login-user")).isDisplayed(), "the login form");
    driver.findElement(By.cssSelector("#login-user")).sendKeys(username);
    driver.findElement(By.cssSelector("#login-pass")).sendKeys(PASSWORD);
    driver.findElement(By.cssSelector("#login-form button[type=submit]")).click();
    until(driver, d -> Boolean.TRUE.equals(js(d, "return window.__switchboardConsole.isConnected()")),
        "the console to connect");
    driver.findElement(By.cssSelector("label.switch")).click();
    until(driver, d -> "Available".equals(d.findElement(By.cssSelector("#available-text")).getText()),
        "the agent to be available");

    // 3. The visitor asks for a person in the widget.
    driver.switchTo().window(visitorTab);
    widget.find("button.person").click();

    // 4. The offer arrives with the context; accept; the gauge and the visitor panel are shown.
    driver.switchTo().window(consoleTab);
    WebElement offer = until(driver, d -> d.findElements(By.cssSelector("#offers .offer")).stream().findFirst()
        .orElse(null), "the offer in the console");
    assertThat(offer.findElement(By.cssSelector(".summary")).getText()).isEqualTo("How long does delivery take?");
    offer.findElement(By.cssSelector(".accept")).click();
    until(driver, d -> !d.findElements(By.cssSelector("#tabs .tab.active")).isEmpty(), "the accepted chat");
    until(driver, d -> d.findElement(By.cssSelector("#gauge")).getAttribute("data-class") != null, "the gauge");
    assertThat(driver.findElement(By.cssSelector("#visitor")).getText()).contains("first conversation");

    // 5. The agent replies; the visitor sees it with the agent's name.
    String reply = "Hi, I am Jamie. Standard delivery takes 2-3 business days; I can check your order too.";
    driver.findElement(By.cssSelector("#input")).sendKeys(reply, Keys.ENTER);
    driver.switchTo().window(visitorTab);
    widget.until(d -> Boolean.TRUE.equals(widget.js("return [...window.__switchboardWidget.root"
        + ".querySelectorAll('.row.agent .text')].some(e => e.textContent === arguments[0])", reply)),
        "the agent's reply in the widget");
    assertThat(widget.text(".panel")).contains("Jamie Rivera");

    // 6. The agent closes with a resolution; the visitor gets the survey and rates 5.
    driver.switchTo().window(consoleTab);
    new Select(driver.findElement(By.cssSelector("#resolution"))).selectByValue("resolved");
    driver.findElement(By.cssSelector("#close-chat")).click();
    until(driver, d -> d.findElement(By.cssSelector("#finish")).isDisplayed(), "the wrap-up");
    driver.findElement(By.cssSelector("#finish")).click();
    driver.switchTo().window(visitorTab);
    widget.until(d -> widget.shown(".card.survey"), "the survey in the widget");
    widget.find(".star[data-rating='5']").click();
    widget.find("#sb-survey-comment").sendKeys("Fast and friendly");
    widget.find(".survey-form .primary").click();
    widget.until(d -> widget.shown(".survey-thanks"), "the survey thanks");

    assertThat(TestDatabase.column("SELECT (data->>'rating')::int FROM conversation_events WHERE"
        + " conversation_id = ?::uuid AND kind = 'survey'", conversationId)).containsExactly(5);
    assertThat(TestDatabase.column("SELECT resolution FROM handoffs WHERE conversation_id = ?::uuid",
        conversationId)).containsExactly("resolved");
    assertThat(TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND author_kind = 'bot' AND seq > (SELECT min(seq) FROM conversation_events WHERE"
        + " conversation_id = ?::uuid AND data->>'status' = 'assigned')", conversationId, conversationId))
        .as("the bot is silent once a human owns the chat").containsExactly(0L);
    driver.switchTo().window(consoleTab).close();
    driver.switchTo().window(visitorTab);
    // Leave nobody available behind for the tests that follow on the same database.
    TestDatabase.column("UPDATE agent_presence SET available = FALSE WHERE account_id = ?::uuid RETURNING 1",
        created.json().getString("id"));
  }
}
