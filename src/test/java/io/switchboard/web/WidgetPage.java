package io.switchboard.web;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The chat widget as a visitor sees it, reached through its open shadow root. Interactions go through real
 * clicks and keys; reads that would take dozens of WebDriver round trips are done in one script.
 */
final class WidgetPage {

  private static final String OWN_MESSAGES = """
      return [...window.__switchboardWidget.root.querySelectorAll('.row.visitor')].map(row => ({
        text: row.querySelector('.text').textContent,
        state: row.dataset.state || '',
        label: row.querySelector('.state') ? row.querySelector('.state').textContent : '',
        clientId: row.dataset.clientId || ''
      }));""";

  private final WebDriver driver;
  private final String base;
  private final WebDriverWait wait;

  WidgetPage(WebDriver driver, int port) {
    this.driver = driver;
    this.base = "http://127.0.0.1:" + port;
    this.wait = new WebDriverWait(driver, BrowserSupport.WAIT, Duration.ofMillis(50));
  }

  String base() {
    return base;
  }

  WidgetPage openShop() {
    driver.get(base + "/shop.html");
    awaitWidget();
    return this;
  }

  /** Loads a page without the widget and embeds it the way a customer would: one script tag. */
  WidgetPage embedInto(String path, Map<String, String> dataAttributes) {
    driver.get(base + path);
    StringBuilder script = new StringBuilder("const s = document.createElement('script');"
        + "s.src = '/widget/switchboard-widget.js'; s.async = true;");
    dataAttributes.forEach((name, value) -> script.append("s.setAttribute('data-").append(name).append("', ")
        .append("arguments[0]['").append(name).append("']);"));
    script.append("document.body.appendChild(s);");
    js(script.toString(), dataAttributes);
    awaitWidget();
    return this;
  }

  void awaitWidget() {
    until(d -> Boolean.TRUE.equals(js("return !!(window.__switchboardWidget"
        + " && window.__switchboardWidget.root.querySelector('.launcher'))")), "the widget to load");
  }

  SearchContext shadow() {
    return driver.findElement(By.id("switchboard-widget")).getShadowRoot();
  }

  WebElement find(String css) {
    return shadow().findElement(By.cssSelector(css));
  }

  boolean shown(String css) {
    return Boolean.TRUE.equals(js("const e = window.__switchboardWidget.root.querySelector(arguments[0]);"
        + " return !!e && e.getClientRects().length > 0;", css));
  }

  WidgetPage openPanel() {
    if (!shown(".panel")) {
      find(".launcher").click();
    }
    until(d -> shown(".panel"), "the chat panel to open");
    return this;
  }

  WidgetPage awaitConnected() {
    until(d -> Boolean.TRUE.equals(js("return window.__switchboardWidget.isConnected()")), "the widget to be synced");
    return this;
  }

  void sendWithEnter(String text) {
    find("#sb-input").sendKeys(text, Keys.ENTER);
  }

  @SuppressWarnings("unchecked")
  List<Map<String, Object>> ownMessages() {
    return (List<Map<String, Object>>) js(OWN_MESSAGES);
  }

  List<String> ownTexts() {
    return ownMessages().stream().map(m -> (String) m.get("text")).toList();
  }

  /** Waits until the visitor's message with this text shows the given state (sending, sent, failed). */
  Map<String, Object> awaitOwnMessage(String text, String state) {
    return until(d -> ownMessages().stream()
        .filter(m -> text.equals(m.get("text")) && state.equals(m.get("state")))
        .findFirst().orElse(null), "message '" + text + "' to be " + state);
  }

  void awaitAllSent(int count) {
    until(d -> {
      List<Map<String, Object>> messages = ownMessages();
      return messages.size() == count && messages.stream().allMatch(m -> "sent".equals(m.get("state")));
    }, count + " messages shown as sent");
  }

  String conversationId() {
    return (String) js("return window.__switchboardWidget.snapshot().conversationId");
  }

  String text(String css) {
    return (String) js("const e = window.__switchboardWidget.root.querySelector(arguments[0]);"
        + " return e ? e.textContent : null;", css);
  }

  String attribute(String css, String name) {
    return (String) js("const e = window.__switchboardWidget.root.querySelector(arguments[0]);"
        + " return e ? e.getAttribute(arguments[1]) : null;", css, name);
  }

  /** The element focused inside the widget's shadow root, as a CSS-ish description. */
  String focused() {
    return (String) js("const host = document.activeElement;"
        + " if (!host || host.id !== 'switchboard-widget') return 'outside:' + (host ? host.tagName : 'none');"
        + " const e = window.__switchboardWidget.root.activeElement;"
        + " return e ? e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + '.' + e.className : 'none';");
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  <T> T until(Function<WebDriver, T> condition, String what) {
    return wait.withMessage("waiting for " + what).until(condition);
  }
}
