package io.switchboard.bot;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code {name}} placeholders filled from a map; unknown placeholders become empty and spacing is tidied. */
final class Templates {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_.]+)}");

  private Templates() {
  }

  static String fill(String template, Map<String, ?> values) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      Object value = values.get(matcher.group(1));
      matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : String.valueOf(value)));
    }
    matcher.appendTail(out);
    return out.toString().replaceAll("[ \\t]{2,}", " ").strip();
  }
}
