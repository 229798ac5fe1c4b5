package io.switchboard.kb;

import java.util.Locale;
import java.util.TreeSet;

/**
 * Trigram similarity exactly as PostgreSQL's pg_trgm computes {@code similarity(a, b)}: each word (a run of
 * letters and digits, lower-cased) is padded with two spaces in front and one behind, its three-character windows
 * are collected, and the similarity is shared trigrams / all distinct trigrams of both texts, as a float. The
 * knowledge-base index uses it to correct misspelt question words against the knowledge base's own vocabulary,
 * in memory, with the same numbers the SQL version of the search had (KnowledgeBaseIndexTest compares them).
 */
final class Trigrams {

  private Trigrams() {
  }

  /** The sorted distinct trigrams of a text. */
  static String[] of(String text) {
    TreeSet<String> trigrams = new TreeSet<>();
    String lower = text.toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < lower.length()) {
      int cp = lower.codePointAt(i);
      if (!Character.isLetterOrDigit(cp)) {
        i += Character.charCount(cp);
        continue;
      }
      int start = i;
      while (i < lower.length() && Character.isLetterOrDigit(lower.codePointAt(i))) {
        i += Character.charCount(lower.codePointAt(i));
      }
      addWord(trigrams, "  " + lower.substring(start, i) + " ");
    }
    return trigrams.toArray(String[]::new);
  }

  private static void addWord(TreeSet<String> trigrams, String padded) {
    int[] cps = padded.codePoints().toArray();
    for (int j = 0; j + 3 <= cps.length; j++) {
      trigrams.add(new String(cps, j, 3));
    }
  }

  /** pg_trgm's similarity of two sorted trigram sets; 0 when either is empty. */
  static float similarity(String[] a, String[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0f;
    }
    int shared = 0;
    int i = 0;
    int j = 0;
    while (i < a.length && j < b.length) {
      int order = a[i].compareTo(b[j]);
      if (order == 0) {
        shared++;
        i++;
        j++;
      } else if (order < 0) {
        i++;
      } else {
        j++;
      }
    }
    return similarity(shared, a.length, b.length);
  }

  /** The same from counts: what the index computes after counting shared trigrams through its postings. */
  static float similarity(int shared, int sizeA, int sizeB) {
    return (float) shared / (float) (sizeA + sizeB - shared);
  }
}
