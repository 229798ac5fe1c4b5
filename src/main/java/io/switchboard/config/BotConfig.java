package io.switchboard.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The self-service bot (section {@code bot}): whether it answers, its confidence thresholds and its automated
 * actions. Confidence is in [0, 1] and comparable across questions: at or above {@code answerThreshold} the bot
 * answers with the best article (unless the runner-up is within {@code ambiguityMargin}: then it asks), at or
 * above {@code suggestThreshold} it offers up to {@code maxChoices} "did you mean" choices, below it admits it
 * does not know.
 */
public record BotConfig(boolean enabled, String name, double answerThreshold, double suggestThreshold,
                        double ambiguityMargin, int maxChoices, long actionTimeoutMs, List<String> greetingTopics,
                        List<ActionConfig> actions) {

  /** Languages the bot speaks and the knowledge base is searched in. */
  public static final List<String> LANGUAGES = List.of("en", "es", "ru");

  /**
   * An automated action: when a message matches {@code patterns} (one regular expression per language), the
   * bot extracts {@code parameter} with the first group of {@code parameterPattern}, calls {@code url} (a
   * template with {@code {parameter}} and {@code {language}}; a path starting with {@code /} means this node)
   * and renders {@code reply} with the fields of the JSON answer. A 404 renders {@code notFound}; a message
   * without the parameter gets {@code askParameter}.
   */
  public record ActionConfig(String intent, String description, Map<String, String> patterns, String parameter,
                             String parameterPattern, String url, Map<String, String> reply,
                             Map<String, String> notFound, Map<String, String> askParameter) {
  }

  static BotConfig from(Settings bot) {
    double answer = bot.decimal("answerThreshold", 0, 1);
    double suggest = bot.decimal("suggestThreshold", 0, 1);
    if (suggest > answer) {
      throw bot.invalid("suggestThreshold", "must not be above bot.answerThreshold (" + answer + ")");
    }
    return new BotConfig(bot.bool("enabled"), bot.string("name"), answer, suggest,
        bot.decimal("ambiguityMargin", 0, 1), bot.integer("maxChoices", 2, 10), bot.number("actionTimeoutMs", 50, 120_000),
        bot.strings("greetingTopics"), actions(bot));
  }

  private static List<ActionConfig> actions(Settings bot) {
    JsonArray array = bot.array("actions");
    List<ActionConfig> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "actions[" + i + "]";
      if (!(array.getValue(i) instanceof JsonObject action)) {
        throw bot.invalid(where, "expected an object with intent, patterns, parameter, url and reply");
      }
      Map<String, String> patterns = perLanguage(bot, where, action, "patterns", true);
      String parameterPattern = text(bot, where, action, "parameterPattern");
      patterns.forEach((language, regex) -> checkRegex(bot, where + ".patterns." + language, regex));
      checkRegex(bot, where + ".parameterPattern", parameterPattern);
      out.add(new ActionConfig(text(bot, where, action, "intent"), action.getString("description", ""), patterns,
          text(bot, where, action, "parameter"), parameterPattern, text(bot, where, action, "url"),
          perLanguage(bot, where, action, "reply", true), perLanguage(bot, where, action, "notFound", false),
          perLanguage(bot, where, action, "askParameter", true)));
    }
    return List.copyOf(out);
  }

  private static String text(Settings bot, String where, JsonObject action, String key) {
    Object value = action.getValue(key);
    if (!(value instanceof String s) || s.isBlank()) {
      throw bot.invalid(where + "." + key, "expected a non-empty string but got " + value);
    }
    return s;
  }

  /** A map language → text that must cover every bot language when required. */
  private static Map<String, String> perLanguage(Settings bot, String where, JsonObject action, String key,
                                                 boolean required) {
    Object value = action.getValue(key);
    if (value == null && !required) {
      return Map.of();
    }
    if (!(value instanceof JsonObject map)) {
      throw bot.invalid(where + "." + key, "expected an object with one entry per language " + LANGUAGES);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      if (!(map.getValue(language) instanceof String s) || s.isBlank()) {
        throw bot.invalid(where + "." + key + "." + language, "missing; every language needs one");
      }
      out.put(language, s);
    }
    return Map.copyOf(out);
  }

  private static void checkRegex(Settings bot, String where, String regex) {
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw bot.invalid(where, "not a valid regular expression: " + e.getDescription());
    }
  }
}
