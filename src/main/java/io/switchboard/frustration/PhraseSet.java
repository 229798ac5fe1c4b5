package io.switchboard.frustration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Phrases of one or more words ("cancel my account", "real person", "живой человек") matched on stems, in one
 * clause, allowing one extra word between phrase words ("cancel my whole account").
 */
final class PhraseSet {

  private static final int MAX_GAP = 1;

  /** A listed phrase. {@code strong} phrases are marked with a leading "!" in the resource file. */
  record Phrase(String[] stems, double weight, boolean strong, String listed, String firstKey) {
  }

  /** A phrase found in a message, from word {@code start} to word {@code end} inclusive. */
  record Match(Phrase phrase, int start, int end) {

    String text(TokenizedText t) {
      StringBuilder sb = new StringBuilder();
      for (int i = start; i <= end; i++) {
        if (i > start) {
          sb.append(' ');
        }
        sb.append(t.surface[i]);
      }
      return sb.toString().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Whether the first word must also look like the listed form, not only share its stem: stemmers conflate
   * words that must stay apart here ("operación" and "operador", "humanidad" and "humano").
   */
  private final boolean strictFirstWord;

  PhraseSet() {
    this(false);
  }

  PhraseSet(boolean strictFirstWord) {
    this.strictFirstWord = strictFirstWord;
  }

  private final Map<String, List<Phrase>> byFirstStem = new HashMap<>();
  private final List<String> firstStems = new ArrayList<>();
  private PrefixFilter filter;

  void add(List<String> words, double weight, StemmerPool stemmer) {
    boolean strong = words.get(0).startsWith("!");
    String[] stems = new String[words.size()];
    for (int i = 0; i < stems.length; i++) {
      String word = i == 0 && strong ? words.get(0).substring(1) : words.get(i);
      stems[i] = stemmer.stemKey(word.toLowerCase(java.util.Locale.ROOT));
    }
    String first = TextFold.key(strong ? words.get(0).substring(1) : words.get(0));
    Phrase phrase = new Phrase(stems, weight, strong, String.join(" ", words), first);
    byFirstStem.computeIfAbsent(stems[0], k -> new ArrayList<>()).add(phrase);
    firstStems.add(stems[0]);
  }

  void seal() {
    filter = new PrefixFilter(firstStems);
    for (List<Phrase> phrases : byFirstStem.values()) {
      phrases.sort((a, b) -> Integer.compare(b.stems().length, a.stems().length));
    }
  }

  Iterable<String> firstStems() {
    return firstStems;
  }

  boolean isEmpty() {
    return byFirstStem.isEmpty();
  }

  /** The longest phrase starting at word {@code start}, or null. */
  Match matchAt(Words words, int start) {
    String key = words.key(start);
    if (!filter.mightContain(key)) {
      return null;
    }
    List<Phrase> candidates = byFirstStem.get(words.stem(start));
    if (candidates == null) {
      return null;
    }
    for (Phrase phrase : candidates) {
      if (strictFirstWord && !closeToListed(key, phrase.firstKey())) {
        continue;
      }
      int end = matchRest(words, phrase, start);
      if (end >= 0) {
        return new Match(phrase, start, end);
      }
    }
    return null;
  }

  /** Same word up to its ending: shares all but the last letter of the shorter of the two forms. */
  private static boolean closeToListed(String key, String listed) {
    int common = 0;
    int max = Math.min(key.length(), listed.length());
    while (common < max && key.charAt(common) == listed.charAt(common)) {
      common++;
    }
    return common >= Math.min(listed.length(), Math.max(key.length(), listed.length()) - 2);
  }

  private static int matchRest(Words words, Phrase phrase, int start) {
    int position = start;
    String[] stems = phrase.stems();
    for (int k = 1; k < stems.length; k++) {
      int found = -1;
      for (int j = position + 1; j <= position + 1 + MAX_GAP && j < words.size(); j++) {
        if (!words.sameClause(start, j)) {
          break;
        }
        if (words.stem(j).equals(stems[k])) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        return -1;
      }
      position = found;
    }
    return position;
  }
}
