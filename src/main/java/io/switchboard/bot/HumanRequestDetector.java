package io.switchboard.bot;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Recognises an explicit request for a person in English, Spanish and Russian ("can I talk to a human",
 * "quiero hablar con un agente", "позовите оператора"). All languages are tried: visitors switch.
 */
final class HumanRequestDetector {

  /**
   * The patterns are written in lower case and matched against the lower-cased message: Unicode case-insensitive
   * matching folds every character it compares, which made this check one of the bot's most expensive steps.
   */
  private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

  private static final List<Pattern> PATTERNS = List.of(
      // English
      Pattern.compile("\\b(talk|speak|chat|connect|transfer)( me)? (to|with) (a |an |some |your )?(real |live )?"
          + "(human|person|people|agent|someone|somebody|operator|representative|rep|staff|support team)\\b", FLAGS),
      Pattern.compile("\\b(real|live|actual) (human|person|agent)\\b", FLAGS),
      Pattern.compile("\\b(human|agent|operator|representative) (please|pls|now)\\b", FLAGS),
      Pattern.compile("^\\W*(human|agent|operator|representative|a person)\\W*$", FLAGS),
      Pattern.compile("\\b(i want|i need|give me|get me) (a |an )?(human|person|agent|operator|representative)\\b",
          FLAGS),
      // Spanish
      Pattern.compile("\\bhablar con (una |un |alguna |alguien|algún |algun |el |la )?(persona|humano|agente|"
          + "operador|operadora|asesor|asesora|alguien|representante|empleado)", FLAGS),
      Pattern.compile("\\b(persona|agente|humano) real\\b", FLAGS),
      Pattern.compile("\\b(quiero|necesito|pasame|pásame|ponme con) (un |una |a un |a una |con un |con una )?"
          + "(agente|humano|persona|operador|operadora|asesor)\\b", FLAGS),
      Pattern.compile("^\\W*(agente|operador|humano|una persona)\\W*$", FLAGS),
      // Russian
      Pattern.compile("(оператор|живой человек|живого человека|живым человеком|с человеком|консультант|"
          + "менеджер|сотрудник)", FLAGS),
      Pattern.compile("(позовите|позови|соедините|соедини|переключите|дайте) .*(человек|оператор|специалист)",
          FLAGS));

  private HumanRequestDetector() {
  }

  static boolean asksForHuman(String text) {
    if (text == null) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return PATTERNS.stream().anyMatch(pattern -> pattern.matcher(lower).find());
  }
}
