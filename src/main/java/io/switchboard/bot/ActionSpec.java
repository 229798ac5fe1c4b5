package io.switchboard.bot;

import io.switchboard.config.BotConfig.ActionConfig;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configured automated action, compiled: recognises its intent in a message and extracts its parameter.
 * Patterns are case-insensitive and Unicode-aware.
 */
public record ActionSpec(ActionConfig config, Map<String, Pattern> patterns, Pattern parameterPattern) {

  private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS;

  public static ActionSpec compile(ActionConfig config) {
    Map<String, Pattern> patterns = new HashMap<>();
    config.patterns().forEach((language, regex) -> patterns.put(language, Pattern.compile(regex, FLAGS)));
    return new ActionSpec(config, Map.copyOf(patterns), Pattern.compile(config.parameterPattern(), FLAGS));
  }

  public String intent() {
    return config.intent();
  }

  /** Whether the message asks for this action; patterns of every language are tried, its own first. */
  boolean matches(String text, String language) {
    Pattern own = patterns.get(language);
    if (own != null && own.matcher(text).find()) {
      return true;
    }
    return patterns.values().stream().anyMatch(pattern -> pattern != own && pattern.matcher(text).find());
  }

  /** The parameter found in the message (first group of the parameter pattern, else the whole match). */
  Optional<String> parameter(String text) {
    Matcher matcher = parameterPattern.matcher(text);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(matcher.groupCount() >= 1 && matcher.group(1) != null ? matcher.group(1) : matcher.group());
  }
}
