package io.switchboard.frustration;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How to recognise one language, from {@code frustration/<lang>/profile.txt}: its script, letters that only
 * it uses among languages of that script, frequent short words, and the Snowball stemmer for its vocabulary.
 */
record LanguageProfile(String code, String script, boolean defaultForScript, String letters, Set<String> words, String stemmer) {

  static final String LATIN = "latin";
  static final String CYRILLIC = "cyrillic";

  static LanguageProfile load(ResourceText resources, String code) {
    String path = "frustration/" + code + "/profile.txt";
    String script = null;
    boolean defaultForScript = false;
    StringBuilder letters = new StringBuilder();
    Set<String> words = new LinkedHashSet<>();
    String stemmer = "";
    for (ResourceText.Line line : resources.lines(path)) {
      String raw = line.raw();
      int eq = raw.indexOf('=');
      if (eq < 0) {
        throw new IllegalStateException(line.where() + ": expected 'key = value'");
      }
      String key = raw.substring(0, eq).strip();
      String value = raw.substring(eq + 1).strip();
      switch (key) {
        case "script" -> script = value;
        case "default-for-script" -> defaultForScript = Boolean.parseBoolean(value);
        case "letters" -> letters.append(value.replace(" ", "").toLowerCase(java.util.Locale.ROOT));
        case "words" -> {
          for (String word : value.split("\\s+")) {
            if (!word.isEmpty()) {
              words.add(TextFold.key(word));
            }
          }
        }
        case "stemmer" -> stemmer = value;
        default -> throw new IllegalStateException(line.where() + ": unknown profile key '" + key + "'");
      }
    }
    if (!LATIN.equals(script) && !CYRILLIC.equals(script)) {
      throw new IllegalStateException(path + ": script must be '" + LATIN + "' or '" + CYRILLIC + "', was " + script);
    }
    return new LanguageProfile(code, script, defaultForScript, letters.toString(), words, stemmer);
  }

  LanguageProfile withWords(Iterable<String> more) {
    Set<String> all = new LinkedHashSet<>(words);
    for (String word : more) {
      all.add(word);
    }
    return new LanguageProfile(code, script, defaultForScript, letters, all, stemmer);
  }

  static List<String> codes(ResourceText resources) {
    List<String> codes = new ArrayList<>();
    for (ResourceText.Line line : resources.lines("frustration/languages.txt")) {
      codes.add(line.words().get(0));
    }
    return codes;
  }
}
