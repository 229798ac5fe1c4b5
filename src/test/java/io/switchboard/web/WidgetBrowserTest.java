package io.switchboard.web;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestDatabase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Chat widget in a real browser: embedding, delivery, reloads, drops, escaping, languages, keyboard")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WidgetBrowserTest {

  /** Set to a directory (e.g. docs/screenshots) to write the widget screenshots there. */
  private static final String SCREENSHOTS = System.getProperty("switchboard.screenshots", "");

  private static Gateway node;
  /** One browser for the class (starting Chromium costs seconds); each test starts from an empty localStorage. */
  private static BrowserSupport.Browser browser;
  private WidgetPage page;

  @BeforeAll
  static void start() {
    BrowserSupport.assumeBrowserInstalled();
    assertThat(BrowserSupport.webroot().resolve("widget/switchboard-widget.js"))
        .as("the widget under the project's webroot (tests run from the project directory)").isRegularFile();
    node = BrowserSupport.startNode(tree -> { });
    browser = BrowserSupport.open();
  }

  @AfterAll
  static void stop() {
    BrowserSupport.stopAll(browser, null, node);
  }

  @BeforeEach
  void freshVisitor() {
    page = new WidgetPage(browser.driver(), node.port());
    browser.driver().get(page.base() + "/index.html");
    page.js("localStorage.clear(); sessionStorage.clear();");
  }

  private static long storedCount(String conversationId, String clientId) {
    return (Long) TestDatabase.column("SELECT count(*) FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND author_kind = 'visitor' AND client_id = ?", conversationId, clientId).get(0);
  }

  private static List<Object> storedVisitorTexts(String conversationId) {
    return TestDatabase.column("SELECT body FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND author_kind = 'visitor' AND kind = 'message' ORDER BY seq", conversationId);
  }

  /**
   * Stores an event the way the product's log would (next seq, conversation counter advanced in the same
   * statement), without telling live connections: a reconnect must fetch it from PostgreSQL.
   */
  private static long appendEvent(String conversationId, String kind, String authorKind, String authorName,
                                  String text, String dataJson) {
    return (Long) TestDatabase.column("WITH c AS (UPDATE conversations SET last_seq = last_seq + 1"
        + " WHERE id = ?::uuid RETURNING id, last_seq)"
        + " INSERT INTO conversation_events (conversation_id, seq, kind, author_kind, author_id, author_name, body, data)"
        + " SELECT id, last_seq, ?, ?, ?, ?, ?, ?::jsonb FROM c RETURNING seq",
        conversationId, kind, authorKind, authorKind + "-1", authorName, text, dataJson).get(0);
  }

  /** Drops the socket and waits for the widget to reconnect and resume, which delivers what was stored meanwhile. */
  private void dropAndResume() {
    page.js("window.__switchboardWidget.dropConnection(0)");
    page.awaitConnected();
  }

  private void screenshot(String name) throws IOException {
    if (SCREENSHOTS.isBlank()) {
      return;
    }
    Path dir = Path.of(SCREENSHOTS);
    Files.createDirectories(dir);
    Path shot = browser.driver().getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(shot, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  @DisplayName("on the shop page the widget connects, a message shows 'Sent' after its ack and is stored once")
  void sendsAndStores() {
    page.openShop().openPanel().awaitConnected();
    page.find("#sb-input").sendKeys("Where is my parcel NW-4821-7730?");
    page.find(".send").click();

    Map<String, Object> sent = page.awaitOwnMessage("Where is my parcel NW-4821-7730?", "sent");
    assertThat(sent.get("label")).isEqualTo("Sent");
    String conversationId = page.conversationId();
    assertThat(storedCount(conversationId, (String) sent.get("clientId"))).isEqualTo(1);
    assertThat(storedVisitorTexts(conversationId)).containsExactly("Where is my parcel NW-4821-7730?");
    assertThat(page.find("#sb-input").getAttribute("value")).isEmpty();
  }

  @Test
  @DisplayName("after a reload the conversation is shown again, each message once, from the cache or a replay")
  void survivesReload() {
    page.openShop().openPanel().awaitConnected();
    page.sendWithEnter("first question");
    page.sendWithEnter("second question");
    page.awaitAllSent(2);
    String conversationId = page.conversationId();

    browser.driver().navigate().refresh();
    page.awaitWidget();
    page.openPanel().awaitConnected();
    assertThat(page.conversationId()).isEqualTo(conversationId);
    assertThat(page.ownTexts()).containsExactly("first question", "second question");
    assertThat(page.ownMessages()).allMatch(m -> "sent".equals(m.get("state")));

    // Without the cached transcript (another device profile, cleared cache) the server replays it all.
    page.js("const key = Object.keys(localStorage).find(k => k.startsWith('switchboard.widget'));"
        + " const saved = JSON.parse(localStorage.getItem(key)); saved.events = [];"
        + " localStorage.setItem(key, JSON.stringify(saved));");
    browser.driver().navigate().refresh();
    page.awaitWidget();
    page.openPanel().awaitConnected();
    page.sendWithEnter("third question");
    page.awaitAllSent(3);
    assertThat(page.ownTexts()).containsExactly("first question", "second question", "third question");
    assertThat(storedVisitorTexts(conversationId))
        .containsExactly("first question", "second question", "third question");
  }

  @Test
  @DisplayName("a network drop while messages are in flight loses none and shows and stores each exactly once")
  void survivesNetworkDrop() {
    page.openShop().openPanel().awaitConnected();
    page.sendWithEnter("before the drop");
    page.awaitOwnMessage("before the drop", "sent");

    // Three messages go out on the socket and the connection dies in the same task: their acks never arrive.
    page.js("const w = window.__switchboardWidget; const root = w.root;"
        + " const input = root.querySelector('#sb-input'); const form = root.querySelector('.composer');"
        + " for (const text of ['in flight 1', 'in flight 2', 'in flight 3']) {"
        + "   input.value = text; form.requestSubmit(); }"
        + " w.dropConnection(1500);");
    assertThat(page.js("return window.__switchboardWidget.isConnected()")).isEqualTo(false);
    // Written while offline: queued and shown as sending.
    page.sendWithEnter("while offline");
    assertThat(page.awaitOwnMessage("while offline", "sending")).isNotNull();

    page.awaitConnected();
    page.awaitAllSent(5);
    List<String> expected = List.of("before the drop", "in flight 1", "in flight 2", "in flight 3", "while offline");
    assertThat(page.ownTexts()).containsExactlyElementsOf(expected);
    String conversationId = page.conversationId();
    for (Map<String, Object> message : page.ownMessages()) {
      assertThat(storedCount(conversationId, (String) message.get("clientId")))
          .as("stored copies of '%s'", message.get("text")).isEqualTo(1);
    }
    assertThat(storedVisitorTexts(conversationId)).containsExactlyElementsOf(expected);
    assertThat(page.js("return window.__switchboardWidget.snapshot().outbox.length")).isEqualTo(0L);
  }

  @Test
  @DisplayName("markup in a message is shown as text and never runs, live and after a reload")
  void rendersMarkupAsText() {
    String attack = "<img src=x onerror=window.__xss=1>";
    page.openShop().openPanel().awaitConnected();
    page.sendWithEnter(attack);
    page.awaitOwnMessage(attack, "sent");
    assertThat(page.js("return window.__switchboardWidget.root.querySelector('.log img')")).isNull();
    assertThat(page.find(".row.visitor .text").getText()).isEqualTo(attack);
    assertThat(page.js("return typeof window.__xss")).isEqualTo("undefined");
    assertThat(storedVisitorTexts(page.conversationId())).containsExactly(attack);

    browser.driver().navigate().refresh();
    page.awaitWidget();
    page.openPanel().awaitConnected();
    assertThat(page.ownTexts()).containsExactly(attack);
    assertThat(page.js("return window.__switchboardWidget.root.querySelector('.log img')")).isNull();
    assertThat(page.js("return typeof window.__xss")).isEqualTo("undefined");
  }

  @Test
  @DisplayName("data-visitor-* attributes reach the visitor's stored attributes; identify() later updates them live")
  void hostPagePassesIdentity() {
    page.embedInto("/index.html", Map.of("visitor-name", " Ada Lovelace ", "visitor-email", "ada@example.com",
        "visitor-external-id", "cust-1815"));
    page.openPanel().awaitConnected();
    String conversationId = page.conversationId();
    String attributes = "SELECT v.attributes::text FROM visitors v JOIN conversations c ON c.visitor_id = v.id"
        + " WHERE c.id = ?::uuid";
    assertThat(new JsonObject((String) TestDatabase.column(attributes, conversationId).get(0)))
        .isEqualTo(new JsonObject().put("name", "Ada Lovelace").put("email", "ada@example.com")
            .put("externalId", "cust-1815"));

    // A bad e-mail is left out by the widget (the chat must not fail over it); the good field still goes through.
    page.js("window.SwitchboardWidget.identify({email: 'not-an-email', name: 'Ada King'})");
    page.until(d -> ((String) TestDatabase.column(attributes, conversationId).get(0)).contains("Ada King"),
        "the new name to be stored");
    page.awaitConnected();
    assertThat(page.conversationId()).isEqualTo(conversationId);
    assertThat(new JsonObject((String) TestDatabase.column(attributes, conversationId).get(0)))
        .isEqualTo(new JsonObject().put("name", "Ada King").put("email", "ada@example.com")
            .put("externalId", "cust-1815"));
  }

  @Test
  @DisplayName("the demo shop's sign-in identifies the visitor; reset() (the host page's sign-out) forgets visitor,"
      + " conversation and identity: the next chat is a new anonymous visitor")
  void signInThenReset() {
    page.openShop();
    page.js("document.getElementById('sign-in').click()");
    page.openPanel().awaitConnected();
    page.sendWithEnter("Is the oak board food safe?");
    page.awaitOwnMessage("Is the oak board food safe?", "sent");
    String signedIn = page.conversationId();
    String visitorOf = "SELECT v.id::text FROM visitors v JOIN conversations c ON c.visitor_id = v.id"
        + " WHERE c.id = ?::uuid";
    String samId = (String) TestDatabase.column(visitorOf, signedIn).get(0);
    assertThat(TestDatabase.column("SELECT attributes->>'name' FROM visitors WHERE id = ?::uuid", samId))
        .containsExactly("Sam Shopper");

    page.js("window.SwitchboardWidget.reset()");
    page.until(d -> page.js("return localStorage.length") instanceof Long n && n == 0, "the stored state gone");
    assertThat(page.shown(".panel")).as("reset closes the panel").isFalse();
    assertThat(page.js("return window.SwitchboardWidget.snapshot().conversationId")).isNull();

    page.openPanel().awaitConnected();
    assertThat(page.ownTexts()).as("the previous visitor's messages are not shown").isEmpty();
    page.sendWithEnter("hello again");
    page.awaitOwnMessage("hello again", "sent");
    String after = page.conversationId();
    assertThat(after).isNotEqualTo(signedIn);
    String newId = (String) TestDatabase.column(visitorOf, after).get(0);
    assertThat(newId).as("a new visitor").isNotEqualTo(samId);
    assertThat(TestDatabase.column("SELECT attributes::text FROM visitors WHERE id = ?::uuid", newId))
        .as("anonymous: no identity carried over").containsExactly("{}");
  }

  @Test
  @DisplayName("data-lang=es shows Spanish and data-lang=ru Russian, and the conversation gets that language")
  void localizes() {
    page.embedInto("/index.html", Map.of("lang", "es"));
    assertThat(page.attribute(".launcher", "aria-label")).isEqualTo("Abrir el chat");
    page.openPanel().awaitConnected();
    assertThat(page.text("#sb-title")).isEqualTo("Chatea con nosotros");
    assertThat(page.attribute("#sb-input", "placeholder")).isEqualTo("Escribe tu mensaje…");
    assertThat(page.text(".person")).isEqualTo("Hablar con una persona");
    page.sendWithEnter("hola");
    assertThat(page.awaitOwnMessage("hola", "sent").get("label")).isEqualTo("Enviado");
    assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid", page.conversationId()))
        .containsExactly("es");

    freshVisitor(); // a new visitor: the Spanish conversation is not resumed
    page.embedInto("/index.html", Map.of("lang", "ru"));
    assertThat(page.attribute(".launcher", "aria-label")).isEqualTo("Открыть чат");
    page.openPanel().awaitConnected();
    assertThat(page.text("#sb-title")).isEqualTo("Чат с поддержкой");
    assertThat(page.attribute("#sb-input", "placeholder")).isEqualTo("Введите сообщение…");
    assertThat(page.text(".person")).isEqualTo("Связаться с оператором");
    assertThat(page.attribute(".panel", "lang")).isEqualTo("ru");
    page.sendWithEnter("здравствуйте");
    assertThat(page.awaitOwnMessage("здравствуйте", "sent").get("label")).isEqualTo("Отправлено");
    assertThat(TestDatabase.column("SELECT language FROM conversations WHERE id = ?::uuid", page.conversationId()))
        .containsExactly("ru");
  }

  @Test
  @DisplayName("'Talk to a person' with nobody online shows the offline form, and its message and e-mail are stored")
  void offlineForm() {
    // "Nobody online": other tests sharing this database may have left an agent available.
    TestDatabase.column("UPDATE agent_presence SET available = FALSE WHERE available RETURNING 1");
    page.openShop().openPanel().awaitConnected();
    page.until(d -> page.shown(".person"), "the 'Talk to a person' button");
    page.find(".person").click();
    page.until(d -> page.shown(".card.offline"), "the offline form");
    assertThat(page.shown(".person")).isFalse();

    page.find("#sb-offline-text").sendKeys("Please call me back about a damaged parcel.");
    page.find("#sb-offline-email").sendKeys("not-an-address");
    page.find(".offline-form .primary").click();
    assertThat(page.text(".offline-form .field-error")).isEqualTo("Please enter a valid e-mail address.");
    assertThat(page.attribute("#sb-offline-email", "aria-invalid")).isEqualTo("true");

    page.find("#sb-offline-email").clear();
    page.find("#sb-offline-email").sendKeys("ana@example.com");
    page.find(".offline-form .primary").click();
    page.awaitOwnMessage("Please call me back about a damaged parcel.", "sent");
    assertThat(page.text(".offline-thanks")).isEqualTo("Thanks! We will reply to ana@example.com.");
    String conversationId = page.conversationId();
    page.until(d -> !TestDatabase.column("SELECT offline_email FROM handoffs WHERE conversation_id = ?::uuid"
        + " AND offline_email IS NOT NULL", conversationId).isEmpty(), "the offline message in handoffs");
    assertThat(TestDatabase.column("SELECT offline_email FROM handoffs WHERE conversation_id = ?::uuid",
        conversationId)).containsExactly("ana@example.com");
    assertThat(TestDatabase.column("SELECT offline_message FROM handoffs WHERE conversation_id = ?::uuid",
        conversationId)).containsExactly("Please call me back about a damaged parcel.");
  }

  @Test
  @DisplayName("keyboard only: Tab to the launcher, Enter opens with focus in the composer, Enter sends, Escape closes")
  void keyboardOnly() {
    page.openShop();
    Actions keys = new Actions(browser.driver());
    for (int i = 0; i < 30 && !page.focused().contains("launcher"); i++) {
      keys.sendKeys(Keys.TAB).perform();
    }
    assertThat(page.focused()).contains("launcher");
    keys.sendKeys(Keys.ENTER).perform();
    page.until(d -> page.shown(".panel"), "the panel to open");
    assertThat(page.focused()).startsWith("textarea#sb-input");
    assertThat(page.attribute(".launcher", "aria-expanded")).isEqualTo("true");
    assertThat(page.attribute(".panel", "role")).isEqualTo("dialog");
    assertThat(page.attribute(".log", "role")).isEqualTo("log");
    assertThat(page.attribute(".log", "aria-live")).isEqualTo("polite");

    page.awaitConnected();
    keys.sendKeys("typed with the keyboard").sendKeys(Keys.ENTER).perform();
    page.awaitOwnMessage("typed with the keyboard", "sent");
    assertThat(page.focused()).startsWith("textarea#sb-input");
    assertThat(storedVisitorTexts(page.conversationId())).containsExactly("typed with the keyboard");

    keys.sendKeys(Keys.TAB).perform();
    assertThat(page.focused()).startsWith("button").contains("send");
    keys.sendKeys(Keys.ESCAPE).perform();
    page.until(d -> !page.shown(".panel"), "the panel to close");
    assertThat(page.focused()).contains("launcher");
    assertThat(page.attribute(".launcher", "aria-expanded")).isEqualTo("false");
  }

  @Test
  @DisplayName("a bot answer shows safe links, quick replies that send their payload, and feedback sent once")
  void botAnswer() throws IOException {
    page.openShop().openPanel().awaitConnected();
    page.sendWithEnter("Hi! Where is my parcel NW-4821-7730?");
    page.awaitOwnMessage("Hi! Where is my parcel NW-4821-7730?", "sent");
    String conversationId = page.conversationId();
    long answer = appendEvent(conversationId, "message", "bot", "Switchboard Assistant",
        "Parcels in transit show their live position on the tracking page. Most arrive the next working day.",
        """
        {"outcome": "answer", "articleId": "kb-12", "feedback": true,
         "links": [{"title": "Tracking a parcel", "url": "https://example.com/help/tracking"},
                   {"title": "evil", "url": "javascript:window.__xss=1"}],
         "quickReplies": [{"label": "Track my parcel", "payload": "track_parcel"},
                          {"label": "Delivery times", "payload": "delivery_times"}]}""");
    dropAndResume();

    page.until(d -> page.shown(".row.bot[data-seq='" + answer + "'] .quick-replies"), "the bot answer");
    assertThat(page.text(".row.bot[data-seq='" + answer + "'] .text")).endsWith("the next working day.");
    assertThat(page.js("return [...window.__switchboardWidget.root.querySelectorAll('.links a')]"
        + ".map(a => a.getAttribute('href'))")).isEqualTo(List.of("https://example.com/help/tracking"));

    page.find(".helpful-yes").click();
    page.until(d -> page.text(".feedback").equals("Thanks for your feedback!"), "the feedback thanks");
    page.until(d -> !TestDatabase.column("SELECT data->>'helpful' FROM conversation_events WHERE"
        + " conversation_id = ?::uuid AND kind = 'feedback' AND (data->>'inReplyTo')::bigint = ?",
        conversationId, answer).isEmpty(), "the feedback to be stored");

    page.find(".quick-replies .chip").click();
    page.awaitOwnMessage("Track my parcel", "sent");
    assertThat(page.shown(".quick-replies")).isFalse();
    assertThat(TestDatabase.column("SELECT data->>'payload' FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND body = 'Track my parcel'", conversationId)).containsExactly("track_parcel");
    assertThat(TestDatabase.column("SELECT data->>'helpful' FROM conversation_events WHERE conversation_id = ?::uuid"
        + " AND kind = 'feedback'", conversationId)).containsExactly("true");

    long choices = appendEvent(conversationId, "message", "bot", "Switchboard Assistant",
        "I want to be sure I get this right.",
        """
        {"outcome": "did_you_mean", "choices": [
          {"articleId": "kb-3", "title": "My parcel is late", "payload": "article:kb-3"},
          {"articleId": "kb-7", "title": "Change the delivery address", "payload": "article:kb-7"},
          {"articleId": "kb-9", "title": "My parcel arrived damaged", "payload": "article:kb-9"}]}""");
    dropAndResume();
    page.until(d -> page.shown(".row.bot[data-seq='" + choices + "'] .choices"), "the did-you-mean choices");
    assertThat(page.text(".choices .options-label")).isEqualTo("Did you mean:");
    new Actions(browser.driver()).moveToLocation(5, 5).perform(); // no hover highlight in the picture
    screenshot("widget.png");

    page.find(".choices .chip").click();
    page.awaitOwnMessage("My parcel is late", "sent");
    appendEvent(conversationId, "status", "system", null, null,
        "{\"status\": \"assigned\", \"agent\": {\"name\": \"María García\"}}");
    appendEvent(conversationId, "message", "agent", "María García",
        "Hi, I'm María. Your parcel is at our Leipzig hub; I'm checking why it was held.", "{}");
    page.js("window.__switchboardWidget.dropConnection(0)");
    page.awaitConnected();
    page.until(d -> "You are chatting with María García".equals(page.text(".subtitle")), "the agent's name");
    assertThat(page.js("return [...window.__switchboardWidget.root.querySelectorAll('.row.system .text')]"
        + ".map(e => e.textContent)")).asList().contains("María García joined the chat");
    page.until(d -> page.shown(".row.agent"), "the agent's message");
    assertThat(page.text(".row.agent .author")).isEqualTo("María García");
    new Actions(browser.driver()).moveToLocation(5, 5).perform();
    screenshot("widget-agent.png");
    assertThat(page.js("return typeof window.__xss")).isEqualTo("undefined");
  }

  @Test
  @DisplayName("when the chat closes a 1-5 star survey is stored, then 'Start a new chat' opens a new conversation")
  void surveyAfterClose() throws IOException {
    page.openShop().openPanel().awaitConnected();
    page.sendWithEnter("Thanks, that solved it");
    page.awaitOwnMessage("Thanks, that solved it", "sent");
    String conversationId = page.conversationId();
    TestDatabase.column("UPDATE conversations SET status = 'closed' WHERE id = ?::uuid RETURNING 1", conversationId);
    appendEvent(conversationId, "status", "system", null, null, "{\"status\": \"closed\", \"resolution\": \"resolved\"}");
    dropAndResume();

    page.until(d -> page.shown(".card.survey"), "the survey");
    assertThat(page.shown(".composer")).isFalse();
    assertThat(page.find(".survey-form .primary").isEnabled()).isFalse();
    page.find(".star[data-rating='4']").click();
    assertThat(page.attribute(".star[data-rating='4']", "aria-pressed")).isEqualTo("true");
    page.find("#sb-survey-comment").sendKeys("Quick and friendly");
    new Actions(browser.driver()).moveToLocation(5, 5).perform();
    screenshot("widget-survey.png");
    page.find(".survey-form .primary").click();
    page.until(d -> page.shown(".survey-thanks"), "the survey thanks");
    page.until(d -> !TestDatabase.column("SELECT data->>'rating' FROM conversation_events WHERE"
        + " conversation_id = ?::uuid AND kind = 'survey'", conversationId).isEmpty(), "the survey to be stored");
    assertThat(TestDatabase.column("SELECT data->>'rating' || '/' || (data->>'comment') FROM conversation_events"
        + " WHERE conversation_id = ?::uuid AND kind = 'survey'", conversationId)).containsExactly("4/Quick and friendly");

    page.find(".new-chat").click();
    page.until(d -> {
      String current = page.conversationId();
      return current != null && !current.equals(conversationId) && page.shown(".composer");
    }, "a new conversation");
    page.awaitConnected();
    assertThat(page.ownTexts()).isEmpty();
    assertThat(page.shown(".card.survey")).isFalse();
  }
}
