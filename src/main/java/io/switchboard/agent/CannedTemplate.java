package io.switchboard.agent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A canned response's text with placeholders such as {@code {visitor.name}} or {@code {visitor.name|there}} (a
 * fallback used when the value is unknown). Placeholders are checked when a response is saved, so a typo is a
 * 400 then rather than a surprise in front of a customer. Braces that do not look like {@code {word.word}} are
 * plain text.
 */
public final class CannedTemplate {

  /** Every placeholder a canned response may use. */
  public static final Set<String> PLACEHOLDERS = Set.of("visitor.name", "visitor.email", "agent.name",
      "agent.firstName", "conversation.id", "conversation.language");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+\\.[A-Za-z]+)(?:\\|([^{}]{0,100}))?}");

  /** A filled-in text, with the placeholders that had neither a value nor a fallback. */
  public record Rendered(String text, List<String> missing) {
  }

  private CannedTemplate() {
  }

  /** Unknown placeholders in a text, in order of appearance (empty when the text is fine). */
  public static List<String> unknownPlaceholders(String text) {
    Set<String> unknown = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(text);
    while (matcher.find()) {
      if (!PLACEHOLDERS.contains(matcher.group(1))) {
        unknown.add(matcher.group(1));
      }
    }
    return new ArrayList<>(unknown);
  }

  /** Fills placeholders from {@code values}; blank or absent values use the fallback, else become empty. */
  public static Rendered render(String text, Map<String, String> values) {
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    Set<String> missing = new LinkedHashSet<>();
    while (matcher.find()) {
      String key = matcher.group(1);
      String fallback = matcher.group(2);
      String replacement;
      if (!PLACEHOLDERS.contains(key)) {
        replacement = matcher.group();
      } else {
        String value = values.get(key);
        if (value != null && !value.isBlank()) {
          replacement = value;
        } else if (fallback != null) {
          replacement = fallback;
        } else {
          replacement = "";
          missing.add(key);
        }
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(out);
    return new Rendered(out.toString(), new ArrayList<>(missing));
  }
}
