package io.switchboard.bot;

/**
 * Guesses the language of a message when the conversation has none. A seam: a better detector (the
 * frustration scorer's) can replace {@link #simple()} without touching the bot.
 */
@FunctionalInterface
public interface LanguageGuess {

  /** One of the bot's languages ({@code en}, {@code es}, {@code ru}); never null. */
  String guess(String text);

  /** Script and stop-word heuristics: Cyrillic → ru; Spanish letters or words → es; otherwise en. */
  static LanguageGuess simple() {
    return new SimpleLanguageGuess();
  }
}
