package io.switchboard.frustration;

import java.util.Arrays;

/**
 * One message cut into words and counted surface features; built by {@link Tokenizer}, read by the
 * detector and the analyzers. Per call, never shared between threads.
 */
final class TokenizedText {

  static final int CAPS = 1;
  static final int ELONGATED = 2;
  static final int HASHTAG = 4;

  int size;
  /** Lowercase word with elongations cut to two letters, the stemmer's input. */
  String[] lower;
  /** {@link #lower} folded (no accents, ё → е): the dictionary key. */
  String[] key;
  /** For elongated words only: the key with all doubled letters collapsed, else null. */
  String[] alt;
  /** Surface form as written, for reasons. */
  String[] surface;
  int[] flags;
  /** Words in different clauses (split by . , ; : ! ? and line breaks) do not negate or intensify each other. */
  int[] clause;

  int letters;
  int upperLetters;
  int latinLetters;
  int cyrillicLetters;
  int otherLetters;
  int capsWords;
  int elongatedWords;

  /** Runs of two or more ! or ?, and the longest one as written. */
  int punctuationRuns;
  String longestPunctuationRun;

  double negativeSymbols;
  double positiveSymbols;
  StringBuilder negativeSymbolText;

  TokenizedText(int capacity) {
    lower = new String[capacity];
    key = new String[capacity];
    alt = new String[capacity];
    surface = new String[capacity];
    flags = new int[capacity];
    clause = new int[capacity];
  }

  void add(String surfaceForm, String lowerForm, String keyForm, String altForm, int wordFlags, int clauseIndex) {
    if (size == lower.length) {
      int capacity = size * 2;
      lower = Arrays.copyOf(lower, capacity);
      key = Arrays.copyOf(key, capacity);
      alt = Arrays.copyOf(alt, capacity);
      surface = Arrays.copyOf(surface, capacity);
      flags = Arrays.copyOf(flags, capacity);
      clause = Arrays.copyOf(clause, capacity);
    }
    surface[size] = surfaceForm;
    lower[size] = lowerForm;
    key[size] = keyForm;
    alt[size] = altForm;
    flags[size] = wordFlags;
    clause[size] = clauseIndex;
    size++;
  }

  boolean has(int index, int flag) {
    return (flags[index] & flag) != 0;
  }

  void addSymbol(double weight, String symbol) {
    if (weight > 0) {
      negativeSymbols += weight;
      if (negativeSymbolText == null) {
        negativeSymbolText = new StringBuilder();
      } else {
        negativeSymbolText.append(' ');
      }
      negativeSymbolText.append(symbol);
    } else {
      positiveSymbols -= weight;
    }
  }
}
