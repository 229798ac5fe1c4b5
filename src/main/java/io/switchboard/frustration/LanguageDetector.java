package io.switchboard.frustration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Detects the language of a chat message from its script, language-specific letters and frequent words.
 *
 * <p>Written for speed (well under a microsecond for a chat message, no allocation beyond one small array)
 * rather than with an n-gram library such as Lingua, which is accurate on long texts but costs tens of
 * microseconds per message; short chat messages are dominated by function words, which this detector uses.
 * Every language it knows is a resource directory ({@code frustration/<lang>/profile.txt}); languages with a
 * profile but no lexicon are recognised and reported as unsupported instead of being mistaken for a supported
 * one (German is not scored as English, Ukrainian not as Russian).
 */
public final class LanguageDetector {

  private static final int WORD_EVIDENCE = 2;
  private static final int LETTER_EVIDENCE = 3;

  private final LanguageProfile[] profiles;
  private final Map<String, Long> wordMasks = new HashMap<>();
  /** For chars below 0x530 (Latin and Cyrillic blocks): the languages that use the letter distinctively. */
  private final long[] letterMasks = new long[0x530];
  private final long latinMask;
  private final long cyrillicMask;
  private final int latinDefault;
  private final int cyrillicDefault;
  private final Tokenizer tokenizer;

  LanguageDetector(List<LanguageProfile> profiles, Tokenizer tokenizer) {
    if (profiles.size() > 63) {
      throw new IllegalStateException("at most 63 language profiles are supported, found " + profiles.size());
    }
    this.profiles = profiles.toArray(new LanguageProfile[0]);
    this.tokenizer = tokenizer;
    long latin = 0;
    long cyrillic = 0;
    int latinFallback = -1;
    int cyrillicFallback = -1;
    for (int i = 0; i < this.profiles.length; i++) {
      LanguageProfile profile = this.profiles[i];
      long bit = 1L << i;
      boolean isLatin = LanguageProfile.LATIN.equals(profile.script());
      if (isLatin) {
        latin |= bit;
      } else {
        cyrillic |= bit;
      }
      if (profile.defaultForScript()) {
        if (isLatin && latinFallback < 0) {
          latinFallback = i;
        } else if (!isLatin && cyrillicFallback < 0) {
          cyrillicFallback = i;
        }
      }
      for (String word : profile.words()) {
        wordMasks.merge(word, bit, (a, b) -> a | b);
      }
      for (int k = 0; k < profile.letters().length(); k++) {
        char c = profile.letters().charAt(k);
        if (c < letterMasks.length) {
          letterMasks[c] |= bit;
        }
      }
    }
    latinMask = latin;
    cyrillicMask = cyrillic;
    latinDefault = latinFallback;
    cyrillicDefault = cyrillicFallback;
  }

  /** Creates the detector with every language profile under {@code frustration/}. */
  public static LanguageDetector create() {
    return FrustrationScorer.create(FrustrationSettings.defaults()).detector();
  }

  /** ISO 639-1 code of the message's language, or {@code "und"} when it cannot be told. */
  public String detect(String text) {
    int index = detect(tokenizer.tokenize(text, 2000));
    return index < 0 ? MessageScore.UNDETERMINED : profiles[index].code();
  }

  /** Index of the detected profile, or -1 when undetermined. */
  int detect(TokenizedText t) {
    long candidates;
    int fallback;
    if (t.cyrillicLetters > t.latinLetters && t.cyrillicLetters >= t.otherLetters) {
      candidates = cyrillicMask;
      fallback = cyrillicDefault;
    } else if (t.latinLetters > 0 && t.latinLetters >= t.otherLetters) {
      candidates = latinMask;
      fallback = latinDefault;
    } else {
      return -1;
    }
    int[] scores = new int[profiles.length];
    for (int i = 0; i < t.size; i++) {
      Long mask = wordMasks.get(t.key[i]);
      if (mask != null) {
        addEvidence(scores, mask & candidates, WORD_EVIDENCE);
      }
      String lower = t.lower[i];
      for (int k = 0; k < lower.length(); k++) {
        char c = lower.charAt(k);
        if (c >= 0xC0 && c < letterMasks.length && letterMasks[c] != 0) {
          addEvidence(scores, letterMasks[c] & candidates, LETTER_EVIDENCE);
        }
      }
    }
    int best = -1;
    for (int i = 0; i < scores.length; i++) {
      if (scores[i] > 0 && (best < 0 || scores[i] > scores[best])) {
        best = i;
      }
    }
    return best >= 0 ? best : fallback;
  }

  LanguageProfile profile(int index) {
    return profiles[index];
  }

  private static void addEvidence(int[] scores, long mask, int weight) {
    while (mask != 0) {
      int bit = Long.numberOfTrailingZeros(mask);
      scores[bit] += weight;
      mask &= mask - 1;
    }
  }
}
