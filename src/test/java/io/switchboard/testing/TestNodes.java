package io.switchboard.testing;

import io.switchboard.app.Gateway;
import io.switchboard.config.ConfigLoader;
import io.switchboard.config.SwitchboardConfig;
import io.vertx.core.json.JsonObject;

import java.util.function.Consumer;

/** Gateway nodes for tests, started through the same wiring as {@code Main} on the shared test database. */
public final class TestNodes {

  public static final String JWT_SECRET = "test-secret-0123456789-abcdefghijklmnopqrstuvwxyz";

  private TestNodes() {
  }

  /** The built-in defaults with what every test wants: port 0, demo accounts, a known secret, no bot. */
  public static SwitchboardConfig baseConfig() {
    JsonObject tree = ConfigLoader.defaults();
    tree.getJsonObject("http").put("port", 0).put("host", "127.0.0.1");
    tree.getJsonObject("demo").put("enabled", true);
    tree.getJsonObject("security").put("jwtSecret", JWT_SECRET).put("bcryptCost", 4);
    // The bot speaks in every conversation; tests of other capabilities count events, so they run without it.
    tree.getJsonObject("bot").put("enabled", false);
    return SwitchboardConfig.from(tree);
  }

  public static SwitchboardConfig config(Consumer<JsonObject> tweak) {
    return baseConfig().with(tweak);
  }

  public static Gateway start() {
    return start(tree -> { });
  }

  public static Gateway start(Consumer<JsonObject> tweak) {
    return Gateway.start(config(tweak), TestDatabase.get(), false);
  }
}
