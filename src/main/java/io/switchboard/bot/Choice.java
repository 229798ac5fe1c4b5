package io.switchboard.bot;

/** One "did you mean" choice: an article and the payload that asks for it. */
public record Choice(long articleId, String title, String payload, double confidence) {
}
