/**
 * Real-time frustration scoring of visitor messages: a pure-Java engine with no Vert.x dependency.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>{@link io.switchboard.frustration.FrustrationScorer#create} loads the vocabularies under
 *       {@code src/main/resources/frustration/} once; {@link io.switchboard.frustration.FrustrationScorer#score}
 *       then scores a message with its {@link io.switchboard.frustration.ConversationSignals} in a few
 *       microseconds, without I/O, from any thread.
 *   <li>A {@link io.switchboard.frustration.MessageScore} carries a score in [0, 1], its
 *       {@link io.switchboard.frustration.Level}, the detected language (or {@code "und"}), whether vocabulary
 *       for that language exists, and {@link io.switchboard.frustration.Reason}s with stable codes and short texts
 *       that quote the message.
 *   <li>{@link io.switchboard.frustration.ConversationMood} turns the message scores of a conversation into a
 *       decaying level, a trend and a peak, persistable as four numbers.
 *   <li>{@link io.switchboard.frustration.FrustrationSettings} holds every threshold and weight; its
 *       {@code toMap()}/{@code fromMap()} keys are the {@code "frustration"} section of the configuration.
 * </ul>
 *
 * <p>Languages are data: a directory {@code frustration/<code>/} with a {@code profile.txt} (how to recognise
 * the language and which Snowball stemmer to use) and, for a scored language, a {@code lexicon.txt}; plus one line
 * in {@code frustration/languages.txt}. See {@code docs/frustration.md}.
 */
package io.switchboard.frustration;
