package io.switchboard.frustration;

/**
 * Folds letters for dictionary lookup: chat users often drop accents ("atencion") and Russian users write
 * "е" for "ё". Only Latin accents and ё are folded: й, ñ and other distinct letters stay as they are.
 */
final class TextFold {

  private TextFold() {
  }

  /** The folded form of a lowercase char, or the char itself. */
  static char fold(char c) {
    if (c < 0xE0) {
      return c;
    }
    switch (c) {
      case 'à', 'á', 'â', 'ã', 'ä', 'å':
        return 'a';
      case 'ç':
        return 'c';
      case 'è', 'é', 'ê', 'ë':
        return 'e';
      case 'ì', 'í', 'î', 'ï':
        return 'i';
      case 'ò', 'ó', 'ô', 'õ', 'ö':
        return 'o';
      case 'ù', 'ú', 'û', 'ü':
        return 'u';
      case 'ý', 'ÿ':
        return 'y';
      case 'ё':
        return 'е';
      default:
        return c;
    }
  }

  /** Lowercases and folds a whole string (used when loading resources). */
  static String key(String text) {
    String lower = text.toLowerCase(java.util.Locale.ROOT).replace('’', '\'');
    StringBuilder sb = null;
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      char f = fold(c);
      if (f != c && sb == null) {
        sb = new StringBuilder(lower);
      }
      if (sb != null) {
        sb.setCharAt(i, f);
      }
    }
    return sb == null ? lower : sb.toString();
  }

  /** Collapses every doubled letter: the last resort for elongated words ("pleease" → "please"). */
  static String collapseDoubles(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    char previous = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != previous || !Character.isLetter(c)) {
        sb.append(c);
      }
      previous = c;
    }
    return sb.toString();
  }
}
