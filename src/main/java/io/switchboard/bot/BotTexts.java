package io.switchboard.bot;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The bot's own words in each language, from {@code src/main/resources/bot/texts_<language>.properties}
 * (UTF-8). Every language must define every key the English file defines: checked at load time.
 */
public final class BotTexts {

  private final Map<String, Properties> byLanguage;

  private BotTexts(Map<String, Properties> byLanguage) {
    this.byLanguage = byLanguage;
  }

  /** Loads the texts of the given languages from the classpath; fails naming a missing file or key. */
  public static BotTexts load(List<String> languages) {
    Map<String, Properties> loaded = new HashMap<>();
    for (String language : languages) {
      loaded.put(language, read("bot/texts_" + language + ".properties"));
    }
    Properties english = loaded.get("en");
    for (Map.Entry<String, Properties> entry : loaded.entrySet()) {
      for (String key : english.stringPropertyNames()) {
        if (entry.getValue().getProperty(key) == null) {
          throw new IllegalStateException("bot/texts_" + entry.getKey() + ".properties: missing key '" + key + "'");
        }
      }
    }
    return new BotTexts(Map.copyOf(loaded));
  }

  private static Properties read(String resource) {
    try (InputStream in = BotTexts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + ": missing from the jar");
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return properties;
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** A text in a language (English when the language is unknown), with placeholders filled. */
  public String text(String language, String key, Map<String, ?> values) {
    Properties texts = byLanguage.getOrDefault(language, byLanguage.get("en"));
    String template = texts.getProperty(key);
    if (template == null) {
      throw new IllegalArgumentException("no bot text '" + key + "'");
    }
    return Templates.fill(template, values);
  }

  public String text(String language, String key) {
    return text(language, key, Map.of());
  }

  /** The label of a topic, or the topic code itself when it has none. */
  public String topic(String language, String topic) {
    Properties texts = byLanguage.getOrDefault(language, byLanguage.get("en"));
    return texts.getProperty("topic." + topic, topic);
  }
}
