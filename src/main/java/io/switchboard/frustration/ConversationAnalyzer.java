package io.switchboard.frustration;

import java.util.List;

/** Signals from the conversation around the message: repetition, bot fallbacks, waiting, message rate. */
final class ConversationAnalyzer {

  private static final int SIMILARITY_PREFIX = 5;
  private static final int MAX_REPEATS_COUNTED = 2;

  private ConversationAnalyzer() {
  }

  static void analyze(TokenizedText t, ConversationSignals context, Tokenizer tokenizer, FrustrationSettings s,
      ScoreSheet sheet) {
    if (context == ConversationSignals.none()) {
      return;
    }
    int repeats = repeats(t, context.previousVisitorMessages(), tokenizer, s);
    if (repeats > 0) {
      sheet.add(s.repeatedQuestionWeight() * Math.min(MAX_REPEATS_COUNTED, repeats), Reason.REPEATED_QUESTION,
          repeats == 1 ? "repeated an earlier message" : "asked the same thing " + repeats + " times before");
    }
    int fallbacks = context.consecutiveBotFallbacks();
    if (fallbacks > 0) {
      sheet.add(Math.min(s.botFallbackCap(), s.botFallbackWeight() * fallbacks), Reason.BOT_FALLBACKS,
          fallbacks == 1 ? "1 bot fallback" : fallbacks + " bot fallbacks in a row");
    }
    long waited = context.waitingSeconds();
    if (waited > s.waitingGraceSeconds()) {
      double weight = Math.min(s.waitingCap(), s.waitingWeightPerMinute() * (waited - s.waitingGraceSeconds()) / 60.0);
      sheet.add(weight, Reason.WAITED, waited < 60 ? "waited " + waited + " s" : "waited " + waited / 60 + " min");
    }
    int rate = context.messagesLastMinute();
    if (rate > s.burstMessagesPerMinute()) {
      sheet.add(Math.min(s.burstCap(), s.burstWeightPerMessage() * (rate - s.burstMessagesPerMinute())),
          Reason.MESSAGE_BURST, rate + " messages in the last minute");
    }
  }

  /** How many of the last few previous messages say nearly the same as this one. */
  private static int repeats(TokenizedText t, List<String> previous, Tokenizer tokenizer, FrustrationSettings s) {
    if (previous.isEmpty() || t.size == 0) {
      return 0;
    }
    String[] current = prefixes(t);
    int count = 0;
    for (int k = Math.max(0, previous.size() - s.repeatedQuestionWindow()); k < previous.size(); k++) {
      String[] other = prefixes(tokenizer.tokenize(previous.get(k), s.maxMessageChars()));
      if (jaccard(current, other) >= s.repeatedQuestionSimilarity()) {
        count++;
      }
    }
    return count;
  }

  /** Words cut to a few letters: a cheap stem that works across languages ("refund"/"refunds", "деньги"/"денег"). */
  private static String[] prefixes(TokenizedText t) {
    String[] prefixes = new String[t.size];
    int n = 0;
    for (int i = 0; i < t.size; i++) {
      String key = t.alt[i] != null ? t.alt[i] : t.key[i];
      String prefix = key.length() > SIMILARITY_PREFIX ? key.substring(0, SIMILARITY_PREFIX) : key;
      boolean seen = false;
      for (int j = 0; j < n && !seen; j++) {
        seen = prefixes[j].equals(prefix);
      }
      if (!seen) {
        prefixes[n++] = prefix;
      }
    }
    return java.util.Arrays.copyOf(prefixes, n);
  }

  private static double jaccard(String[] a, String[] b) {
    if (a.length == 0 || b.length == 0) {
      return 0.0;
    }
    int common = 0;
    for (String x : a) {
      for (String y : b) {
        if (x.equals(y)) {
          common++;
          break;
        }
      }
    }
    return common / (double) (a.length + b.length - common);
  }
}
