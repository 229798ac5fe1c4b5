package io.switchboard.frustration;

import java.util.Locale;

/**
 * Language-independent signals: shouting, runs of ! and ?, elongated words, emoticons and emoji. They work
 * for every language, including the ones without vocabulary.
 *
 * <p>Emphasis is not frustration by itself: "THANK YOU!!!" is emphatic joy. When the words of a message are
 * clearly positive, shouting, punctuation and elongation strengthen that instead of adding frustration.
 */
final class SurfaceAnalyzer {

  private static final int MIN_SHOUT_LETTERS = 8;
  private static final double SHOUT_RATIO = 0.7;
  private static final int SHOUTED_WORDS = 2;
  private static final double POSITIVE_MESSAGE = -0.3;
  private static final double EMOJI_CAP = 3.0;
  private static final int MAX_LISTED = 3;

  private SurfaceAnalyzer() {
  }

  static void analyze(TokenizedText t, double vocabulary, FrustrationSettings s, ScoreSheet sheet) {
    boolean positiveMessage = vocabulary <= POSITIVE_MESSAGE || t.positiveSymbols > t.negativeSymbols && vocabulary <= 0;
    double emphasis = 0;
    double shouting = shouting(t);
    if (shouting > 0) {
      double weight = shouting * s.shoutingWeight();
      emphasis += weight;
      if (!positiveMessage) {
        sheet.add(weight, Reason.SHOUTING, shoutingText(t));
      }
    }
    if (t.punctuationRuns > 0) {
      double weight = s.repeatedPunctuationWeight() * (t.longestPunctuationRun.length() >= 3 ? 1.0 : 0.6);
      emphasis += weight;
      if (!positiveMessage) {
        sheet.add(weight, Reason.REPEATED_PUNCTUATION, "repeated punctuation: " + t.longestPunctuationRun);
      }
    }
    if (t.elongatedWords > 0) {
      double weight = s.elongatedWordWeight() * Math.min(2, t.elongatedWords);
      emphasis += weight;
      if (!positiveMessage) {
        sheet.add(weight, Reason.ELONGATED_WORDS, "elongated words: " + listFlagged(t, TokenizedText.ELONGATED));
      }
    }
    if (positiveMessage) {
      sheet.subtract(emphasis * 0.5);
    }
    if (t.negativeSymbols > 0) {
      sheet.add(Math.min(EMOJI_CAP, t.negativeSymbols) * s.emojiWeight(), Reason.NEGATIVE_EMOJI,
          "negative emoji: " + t.negativeSymbolText);
    }
    if (t.positiveSymbols > 0) {
      sheet.subtract(Math.min(EMOJI_CAP, t.positiveSymbols) * s.emojiWeight());
    }
  }

  /** 1 for a message in capitals, 0.6 for two or more shouted words in a normal message, else 0. */
  private static double shouting(TokenizedText t) {
    if (t.letters >= MIN_SHOUT_LETTERS && t.upperLetters >= t.letters * SHOUT_RATIO && t.capsWords >= 1) {
      return 1.0;
    }
    return t.capsWords >= SHOUTED_WORDS ? 0.6 : 0.0;
  }

  private static String shoutingText(TokenizedText t) {
    if (t.upperLetters >= t.letters * SHOUT_RATIO) {
      return "message in capitals";
    }
    return "shouting: " + listFlagged(t, TokenizedText.CAPS);
  }

  private static String listFlagged(TokenizedText t, int flag) {
    StringBuilder sb = new StringBuilder();
    int listed = 0;
    for (int i = 0; i < t.size && listed < MAX_LISTED; i++) {
      if (t.has(i, flag)) {
        if (listed++ > 0) {
          sb.append(", ");
        }
        sb.append(flag == TokenizedText.CAPS ? t.surface[i] : t.surface[i].toLowerCase(Locale.ROOT));
      }
    }
    return sb.toString();
  }
}
