package io.switchboard.kb;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Prepares a visitor's question for search: drops numbers and chat filler ("hi", "please", "quick question")
 * that PostgreSQL's stop-word lists keep but that say nothing about the topic. Without this, politeness would lower
 * the confidence of a perfectly clear question.
 */
final class QueryText {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}']+");
  private static final Pattern NUMBER = Pattern.compile("\\p{N}+");
  private static final Map<String, Set<String>> FILLER = Map.of(
      "en", Set.of("hi", "hello", "hey", "please", "pls", "plz", "thanks", "thank", "thx", "question", "quick",
          "guys", "help", "need", "want", "know", "tell", "could", "would", "wanna", "gonna", "anyone", "someone",
          "ok", "okay", "u", "ur", "im", "i'm", "it's", "hii", "morning", "afternoon", "evening", "get", "got",
          "getting"),
      "es", Set.of("hola", "buenas", "buenos", "dias", "días", "tardes", "noches", "gracias", "favor", "porfa",
          "porfavor", "pregunta", "ayuda", "ayudar", "necesito", "quiero", "saber", "puedo", "podria", "podría",
          "quisiera", "alguien", "ok", "vale", "oye", "duda"),
      "ru", Set.of("привет", "здравствуйте", "здрасте", "добрый", "пожалуйста", "спасибо", "вопрос", "помогите",
          "подскажите", "скажите", "хочу", "хотел", "хотела", "нужно", "надо", "можно", "могу", "ок",
          "день", "вечер", "утро"));

  private QueryText() {
  }

  /** The question without filler words; the original when nothing would be left. */
  static String withoutFiller(String language, String question) {
    Set<String> filler = FILLER.getOrDefault(language, Set.of());
    StringBuilder out = new StringBuilder();
    var matcher = WORD.matcher(question);
    while (matcher.find()) {
      String word = matcher.group();
      // Numbers (order numbers, "3 weeks") rarely say what a question is about.
      if (!filler.contains(word.toLowerCase(Locale.ROOT)) && !NUMBER.matcher(word).matches()) {
        out.append(word).append(' ');
      }
    }
    return out.isEmpty() ? question : out.toString().strip();
  }
}
