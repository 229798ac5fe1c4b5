package io.switchboard.frustration;

import java.util.HashMap;
import java.util.Map;

/**
 * Single-word dictionary entries found by surface form or by Snowball stem, so that one listed form
 * ("inútil", "плохой") matches every inflection ("inútiles", "плохого").
 */
final class WordTable<E> {

  private final Map<String, E> surface = new HashMap<>();
  private final Map<String, E> stems = new HashMap<>();
  private PrefixFilter filter;

  /** Adds an entry; the first entry for a form wins so that a more specific section listed earlier takes priority. */
  void add(String word, E entry, StemmerPool stemmer) {
    String lower = word.toLowerCase(java.util.Locale.ROOT).replace('’', '\'');
    String key = TextFold.key(lower);
    surface.putIfAbsent(key, entry);
    stems.putIfAbsent(stemmer.stemKey(lower), entry);
    stems.putIfAbsent(stemmer.stemKey(key), entry);
    filter = null;
  }

  void seal() {
    filter = new PrefixFilter(stems.keySet());
  }

  boolean isEmpty() {
    return surface.isEmpty();
  }

  Iterable<String> stemKeys() {
    return stems.keySet();
  }

  Iterable<String> surfaceKeys() {
    return surface.keySet();
  }

  /** The entry for word {@code i}, or null. */
  E find(Words words, int i) {
    String key = words.key(i);
    E entry = surface.get(key);
    if (entry == null && filter.mightContain(key)) {
      entry = stems.get(words.stem(i));
    }
    if (entry == null) {
      String alt = words.text.alt[i];
      if (alt != null) {
        entry = surface.get(alt);
        if (entry == null && filter.mightContain(alt)) {
          entry = stems.get(words.stemOf(alt));
        }
      }
    }
    return entry;
  }

  /** The entry for a word part (a word without its negation prefix), or null. */
  E findPart(Words words, String lowerPart) {
    String key = TextFold.key(lowerPart);
    E entry = surface.get(key);
    if (entry == null && filter.mightContain(key)) {
      entry = stems.get(words.stemOf(lowerPart));
    }
    return entry;
  }
}
