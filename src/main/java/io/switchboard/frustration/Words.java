package io.switchboard.frustration;

/**
 * One message being analysed in one language: the tokens plus their stems, computed only when a dictionary
 * might contain the word. Per call, never shared.
 */
final class Words {

  final TokenizedText text;
  private final StemmerPool stemmer;
  private final String[] stems;

  private final PrefixFilter anyEntry;
  /** 0 = not checked yet, 1 = may match a dictionary entry, 2 = cannot. */
  private final byte[] candidates;

  Words(TokenizedText text, StemmerPool stemmer, PrefixFilter anyEntry) {
    this.text = text;
    this.stemmer = stemmer;
    this.anyEntry = anyEntry;
    this.stems = new String[text.size];
    this.candidates = new byte[text.size];
  }

  /** Whether word {@code i} starts with any stem the language knows (elongated words are always checked). */
  boolean candidate(int i) {
    byte state = candidates[i];
    if (state == 0) {
      state = anyEntry.mightContain(text.key[i]) || text.alt[i] != null ? (byte) 1 : (byte) 2;
      candidates[i] = state;
    }
    return state == 1;
  }

  int size() {
    return text.size;
  }

  String key(int i) {
    return text.key[i];
  }

  String stem(int i) {
    String stem = stems[i];
    if (stem == null) {
      stem = stemmer.stemKey(text.lower[i]);
      stems[i] = stem;
    }
    return stem;
  }

  String stemOf(String lowerWord) {
    return stemmer.stemKey(lowerWord);
  }

  boolean sameClause(int a, int b) {
    return text.clause[a] == text.clause[b];
  }
}
