package io.switchboard.frustration;

/**
 * Cuts a message into words in one pass and counts the language-independent surface features on the way:
 * capitals, elongations, runs of ! and ?, emoticons and emoji, letters per script.
 *
 * <p>Twitter-style @mentions and URLs are skipped (they are names and addresses, not words); #hashtags are
 * kept as words and split at camel case ({@code #NeverAgain} → never, again). Words containing digits are
 * skipped (flight numbers, times, prices).
 */
final class Tokenizer {

  private static final int MIN_CAPS_LETTERS = 3;
  private static final int ELONGATION_RUN = 3;

  private final Symbols symbols;

  Tokenizer(Symbols symbols) {
    this.symbols = symbols;
  }

  TokenizedText tokenize(String text, int maxChars) {
    int end = Math.min(text.length(), maxChars);
    TokenizedText t = new TokenizedText(Math.max(8, end / 5));
    StringBuilder lower = new StringBuilder(24);
    int clause = 0;
    int openParens = 0;
    boolean hashtag = false;
    int i = 0;
    while (i < end) {
      char c = text.charAt(i);
      int cp = Character.isHighSurrogate(c) && i + 1 < end ? text.codePointAt(i) : c;
      if (Character.isLetterOrDigit(cp)) {
        i = word(text, i, end, t, lower, clause, hashtag);
        // a camel-case split leaves us inside the hashtag; any other stop ends it
        hashtag = hashtag && i < end && Character.isUpperCase(text.charAt(i));
        continue;
      }
      hashtag = false;
      if (c == '@' && i + 1 < end && isNameChar(text.charAt(i + 1))) {
        i = skipName(text, i + 1, end);
        continue;
      }
      if (c == '#' && i + 1 < end && Character.isLetter(text.charAt(i + 1))) {
        hashtag = true;
        i++;
        continue;
      }
      if (c <= ' ' || Character.isWhitespace(c)) {
        if (c == '\n') {
          clause++;
        }
        i++;
        continue;
      }
      int emoticon = (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1))) ? symbols.emoticonAt(text, i, end) : 0;
      if (emoticon > 0) {
        String symbol = text.substring(i, i + emoticon);
        t.addSymbol(symbols.emoticonWeight(symbol), symbol);
        clause++;
        i += emoticon;
        continue;
      }
      switch (c) {
        case '!', '?' -> {
          int run = i;
          while (run < end && (text.charAt(run) == '!' || text.charAt(run) == '?')) {
            run++;
          }
          if (run - i >= 2) {
            t.punctuationRuns++;
            if (t.longestPunctuationRun == null || run - i > t.longestPunctuationRun.length()) {
              t.longestPunctuationRun = text.substring(i, run);
            }
          }
          clause++;
          i = run;
        }
        case '(', ')' -> {
          // Russian chat writes smiles as ")))" and sadness as "(((": a run, or a bracket nothing opened or closes
          int run = i;
          while (run < end && text.charAt(run) == c) {
            run++;
          }
          boolean smile = c == ')' && (run - i >= 2 || openParens == 0);
          boolean sad = c == '(' && (run - i >= 2 || closesNothing(text, run, end));
          if (smile) {
            t.addSymbol(-0.6 * Math.min(3, run - i), ")");
            openParens = 0;
          } else if (sad) {
            t.addSymbol(0.7 * Math.min(3, run - i), text.substring(i, run));
          } else if (c == '(') {
            openParens++;
          } else {
            openParens--;
          }
          clause++;
          i = run;
        }
        case '.', ',', ';', ':', '"', '«', '»', '…', '—', '–' -> {
          clause++;
          i++;
        }
        default -> {
          if (cp >= 0x2000) {
            double weight = symbols.emojiWeight(cp);
            if (!Double.isNaN(weight)) {
              t.addSymbol(weight, new String(Character.toChars(cp)));
            }
          }
          i += Character.charCount(cp);
        }
      }
    }
    return t;
  }

  private int word(String text, int start, int end, TokenizedText t, StringBuilder lower, int clause, boolean hashtag) {
    if (startsUrl(text, start, end)) {
      int i = start;
      while (i < end && !Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      return i;
    }
    lower.setLength(0);
    int letters = 0;
    int upper = 0;
    int latin = 0;
    int cyrillic = 0;
    int run = 0;
    char previous = 0;
    boolean elongated = false;
    boolean digits = false;
    boolean folded = false;
    int i = start;
    while (i < end) {
      char c = text.charAt(i);
      if (Character.isLetter(c)) {
        if (hashtag && i > start && Character.isUpperCase(c) && Character.isLowerCase(text.charAt(i - 1))) {
          break;
        }
        letters++;
        if (Character.isUpperCase(c)) {
          upper++;
        }
        if (c < 0x250) {
          latin++;
        } else if (c >= 0x400 && c < 0x530) {
          cyrillic++;
        }
        char l = Character.toLowerCase(c);
        run = l == previous ? run + 1 : 1;
        previous = l;
        if (run >= ELONGATION_RUN) {
          elongated = true;
        } else {
          lower.append(l);
          folded |= TextFold.fold(l) != l;
        }
      } else if (Character.isDigit(c)) {
        digits = true;
        lower.append(c);
        previous = c;
        run = 1;
      } else if ((c == '\'' || c == '’') && i + 1 < end && Character.isLetter(text.charAt(i + 1)) && lower.length() > 0) {
        lower.append('\'');
        previous = c;
        run = 1;
      } else if (Character.getType(c) == Character.NON_SPACING_MARK) {
        // stress marks and other combining accents carry no meaning for us
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLetter(text.codePointAt(i))) {
        lower.append(c).append(text.charAt(i + 1));
        letters++;
        i++;
      } else {
        break;
      }
      i++;
    }
    if (digits) {
      return i;
    }
    t.letters += letters;
    t.upperLetters += upper;
    t.latinLetters += latin;
    t.cyrillicLetters += cyrillic;
    t.otherLetters += letters - latin - cyrillic;
    String lowerForm = lower.toString();
    String keyForm = folded ? foldAll(lowerForm) : lowerForm;
    int flags = hashtag ? TokenizedText.HASHTAG : 0;
    if (letters >= MIN_CAPS_LETTERS && upper == letters) {
      flags |= TokenizedText.CAPS;
      t.capsWords++;
    }
    String altForm = null;
    if (elongated) {
      flags |= TokenizedText.ELONGATED;
      t.elongatedWords++;
      altForm = TextFold.collapseDoubles(keyForm);
    }
    t.add(text.substring(start, i), lowerForm, keyForm, altForm, flags, clause);
    return i;
  }

  private static String foldAll(String lower) {
    char[] chars = lower.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      chars[i] = TextFold.fold(chars[i]);
    }
    return new String(chars);
  }

  private static boolean startsUrl(String text, int i, int end) {
    char c = text.charAt(i);
    if (c != 'h' && c != 'H' && c != 'w' && c != 'W') {
      return false;
    }
    return text.regionMatches(true, i, "http://", 0, 7)
        || text.regionMatches(true, i, "https://", 0, 8)
        || text.regionMatches(true, i, "www.", 0, 4);
  }

  private static boolean isNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private static int skipName(String text, int i, int end) {
    while (i < end && (isNameChar(text.charAt(i)) || text.charAt(i) == '.' && i + 1 < end && isNameChar(text.charAt(i + 1)))) {
      i++;
    }
    return i;
  }

  /** A "(" is sad when no ")" follows in the rest of the line. */
  private static boolean closesNothing(String text, int from, int end) {
    for (int i = from; i < end; i++) {
      char c = text.charAt(i);
      if (c == ')') {
        return false;
      }
      if (c == '\n') {
        return true;
      }
    }
    return true;
  }
}
