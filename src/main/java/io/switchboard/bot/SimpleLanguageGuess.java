package io.switchboard.bot;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@link LanguageGuess#simple()}: good enough to pick between English, Spanish and Russian chat messages. */
final class SimpleLanguageGuess implements LanguageGuess {

  private static final Pattern WORD = Pattern.compile("\\p{L}+");
  private static final Set<String> SPANISH = Set.of("el", "la", "los", "las", "de", "del", "que", "y", "en", "un",
      "una", "por", "para", "mi", "mis", "con", "es", "no", "como", "donde", "esta", "hola", "gracias", "pedido",
      "quiero", "puedo", "cuando", "cuanto", "tengo", "se", "me", "lo", "al", "su", "hay", "pero", "envio",
      "devolver", "dinero", "cuenta", "tarjeta", "pago", "hablar", "persona");
  private static final Set<String> ENGLISH = Set.of("the", "is", "my", "how", "where", "what", "to", "a", "of",
      "and", "can", "i", "do", "you", "it", "for", "order", "when", "with", "have", "an", "are", "on", "in", "was",
      "will", "does", "did", "me", "please", "your", "get", "not", "return", "refund", "talk", "person");

  @Override
  public String guess(String text) {
    if (text == null || text.isBlank()) {
      return "en";
    }
    int cyrillic = 0;
    int latin = 0;
    boolean spanishLetters = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.UnicodeBlock.of(c) == Character.UnicodeBlock.CYRILLIC) {
        cyrillic++;
      } else if (Character.isLetter(c)) {
        latin++;
        spanishLetters |= "ñáéíóúü¿¡".indexOf(Character.toLowerCase(c)) >= 0;
      } else if (c == '¿' || c == '¡') {
        spanishLetters = true;
      }
    }
    if (cyrillic > latin) {
      return "ru";
    }
    int spanish = spanishLetters ? 2 : 0;
    int english = 0;
    Matcher words = WORD.matcher(text.toLowerCase(Locale.ROOT));
    while (words.find()) {
      String word = words.group().replace('á', 'a').replace('é', 'e').replace('í', 'i').replace('ó', 'o')
          .replace('ú', 'u');
      spanish += SPANISH.contains(word) ? 1 : 0;
      english += ENGLISH.contains(word) ? 1 : 0;
    }
    return spanish > english ? "es" : "en";
  }
}
