package io.switchboard.bot;

/**
 * A button under a bot message. Pressing it sends a normal visitor message whose text is {@code label} and whose
 * {@code payload} tells the bot what was meant: {@code article:<id>}, {@code topic:<category>}, {@code handoff}
 * or {@code intent:<name>}.
 */
public record QuickReply(String label, String payload) {
}
