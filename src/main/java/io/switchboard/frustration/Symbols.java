package io.switchboard.frustration;

import java.util.HashMap;
import java.util.Map;

/**
 * Language-independent emoticons and emoji with their weights (positive = frustration, negative = contentment),
 * loaded from {@code frustration/common/symbols.txt}.
 */
final class Symbols {

  private final Map<Integer, Double> emoji;
  private final Map<String, Double> emoticons;
  private final int longestEmoticon;
  private final boolean[] emoticonStart = new boolean[128];

  private Symbols(Map<Integer, Double> emoji, Map<String, Double> emoticons) {
    this.emoji = emoji;
    this.emoticons = emoticons;
    int longest = 0;
    for (String emoticon : emoticons.keySet()) {
      longest = Math.max(longest, emoticon.length());
      char first = emoticon.charAt(0);
      if (first < 128) {
        emoticonStart[first] = true;
      }
    }
    this.longestEmoticon = longest;
  }

  static Symbols load(ResourceText resources) {
    Map<Integer, Double> emoji = new HashMap<>();
    Map<String, Double> emoticons = new HashMap<>();
    for (ResourceText.Line line : resources.lines("frustration/common/symbols.txt")) {
      String symbol = line.words().get(0);
      double weight = line.weight(1.0);
      if (symbol.codePointAt(0) >= 0x2000) {
        emoji.put(symbol.codePointAt(0), weight);
      } else {
        if (!line.section().equals("emoticons")) {
          throw new IllegalStateException(line.where() + ": ASCII symbol outside [emoticons]");
        }
        emoticons.put(symbol, weight);
      }
    }
    return new Symbols(emoji, emoticons);
  }

  /** Weight of an emoji code point, or NaN when it carries no sentiment. */
  double emojiWeight(int codePoint) {
    Double weight = emoji.get(codePoint);
    return weight == null ? Double.NaN : weight;
  }

  /** Length of the longest emoticon starting at {@code start}, ending at a word boundary; 0 if none. */
  int emoticonAt(String text, int start, int end) {
    char first = text.charAt(start);
    if (first >= 128 || !emoticonStart[first]) {
      return 0;
    }
    for (int length = Math.min(longestEmoticon, end - start); length >= 2; length--) {
      int after = start + length;
      if (after < end && Character.isLetterOrDigit(text.charAt(after))) {
        continue;
      }
      if (emoticons.containsKey(text.substring(start, after))) {
        return length;
      }
    }
    return 0;
  }

  double emoticonWeight(String emoticon) {
    return emoticons.getOrDefault(emoticon, 0.0);
  }
}
