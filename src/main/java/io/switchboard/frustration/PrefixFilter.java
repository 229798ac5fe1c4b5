package io.switchboard.frustration;

import java.util.Collection;

/**
 * An allocation-free test of "does this word start with one of these stems": a word that does not cannot stem
 * to any dictionary entry, so most words of a message are rejected without calling the Snowball stemmer.
 * False positives (hash collisions, words that merely start like a stem) only cost a stemmer call.
 *
 * <p>English Snowball stems may end in "i" where the word has "y" (happy → happi), so such stems are also
 * indexed without the "i".
 */
final class PrefixFilter {

  private final long[] table;
  private final int mask;
  private final int shortest;

  PrefixFilter(Collection<String> stems) {
    int capacity = Integer.highestOneBit(Math.max(16, stems.size() * 8) - 1) << 1;
    table = new long[capacity];
    mask = capacity - 1;
    int min = Integer.MAX_VALUE;
    for (String stem : stems) {
      if (stem.isEmpty()) {
        continue;
      }
      insert(hashOf(stem, stem.length()));
      min = Math.min(min, stem.length());
      if (stem.length() > 3 && stem.charAt(stem.length() - 1) == 'i') {
        insert(hashOf(stem, stem.length() - 1));
        min = Math.min(min, stem.length() - 1);
      }
    }
    shortest = min == Integer.MAX_VALUE ? Integer.MAX_VALUE : min;
  }

  boolean mightContain(String word) {
    int length = word.length();
    if (length < shortest) {
      return false;
    }
    long h = 0;
    for (int i = 0; i < length; i++) {
      h = h * 31 + word.charAt(i);
      if (i + 1 >= shortest && contains(mix(h))) {
        return true;
      }
    }
    return false;
  }

  private void insert(long hash) {
    int slot = (int) (hash ^ (hash >>> 32)) & mask;
    while (table[slot] != 0 && table[slot] != hash) {
      slot = (slot + 1) & mask;
    }
    table[slot] = hash;
  }

  private boolean contains(long hash) {
    int slot = (int) (hash ^ (hash >>> 32)) & mask;
    while (table[slot] != 0) {
      if (table[slot] == hash) {
        return true;
      }
      slot = (slot + 1) & mask;
    }
    return false;
  }

  private static long hashOf(String word, int length) {
    long h = 0;
    for (int i = 0; i < length; i++) {
      h = h * 31 + word.charAt(i);
    }
    return mix(h);
  }

  private static long mix(long h) {
    return (h * 0x9E3779B97F4A7C15L) | 1L;
  }
}
