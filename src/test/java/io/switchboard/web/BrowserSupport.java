package io.switchboard.web;

import io.switchboard.app.Gateway;
import io.switchboard.testing.TestNodes;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven by Selenium for the web-page tests. The binaries default to the Debian
 * packages' paths and can be moved with {@code -Dswitchboard.test.chromium=...} and
 * {@code -Dswitchboard.test.chromedriver=...}; when either is missing, the browser tests are skipped.
 */
final class BrowserSupport {

  static final Path CHROMIUM = Path.of(System.getProperty("switchboard.test.chromium", "/usr/bin/chromium"));
  static final Path CHROMEDRIVER = Path.of(System.getProperty("switchboard.test.chromedriver", "/usr/bin/chromedriver"));
  /** Long enough for a reconnect with backoff on a busy 2-core machine, short enough to fail fast. */
  static final Duration WAIT = Duration.ofSeconds(10);

  private BrowserSupport() {
  }

  /** Skips the calling test class or test unless both Chromium and its driver are installed. */
  static void assumeBrowserInstalled() {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing;"
            + " install them with: apt-get install -y chromium chromium-driver");
  }

  /** The project's webroot (tests run from the project directory). */
  static Path webroot() {
    return Path.of("webroot").toAbsolutePath();
  }

  /** A node serving {@link #webroot()} that dispatches hand-offs every 200 ms, with a test's own settings on top. */
  static Gateway startNode(Consumer<JsonObject> tweak) {
    return TestNodes.start(tree -> {
      tree.getJsonObject("http").put("webroot", webroot().toString());
      tree.getJsonObject("handoff").put("dispatchIntervalMs", 200);
      tweak.accept(tree);
    });
  }

  /** Closes what a browser test class started (any of them may be null), each even if closing another fails. */
  static void stopAll(Browser browser, Vertx clients, Gateway node) {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      try {
        if (clients != null) {
          clients.close().toCompletionStage().toCompletableFuture().join();
        }
      } finally {
        if (node != null) {
          node.close();
        }
      }
    }
  }

  /** A browser with a fresh profile (so fresh localStorage); close it to quit Chromium and delete the profile. */
  static Browser open() {
    assumeBrowserInstalled();
    Path profile;
    try {
      profile = Files.createTempDirectory("switchboard-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Chromium profile directory", e);
    }
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM.toFile())
        .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,860", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort()
        .build();
    try {
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(WAIT).scriptTimeout(WAIT);
      return new Browser(driver, profile);
    } catch (RuntimeException e) {
      deleteQuietly(profile);
      throw e;
    }
  }

  record Browser(ChromeDriver driver, Path profile) implements AutoCloseable {
    @Override
    public void close() {
      try {
        driver.quit();
      } finally {
        deleteQuietly(profile);
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a leftover temp profile is harmless
    }
  }
}
