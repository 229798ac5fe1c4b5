package io.switchboard.bot;

import java.util.List;
import java.util.Map;

/**
 * What the bot says: the text, and what the widget renders and analytics count ({@code data} of the event).
 * {@code fallback} marks replies that count as the bot failing to help.
 */
public record BotReply(Outcome outcome, String language, String text, Long articleId, String title,
                       Double confidence, List<QuickReply> quickReplies, List<Choice> choices,
                       List<Candidate.Link> links, boolean feedback, boolean fallback, String intent,
                       Map<String, String> parameters) {

  static BotReply of(Outcome outcome, String language, String text, List<QuickReply> quickReplies) {
    return new BotReply(outcome, language, text, null, null, null, quickReplies, List.of(), List.of(), false,
        outcome == Outcome.FALLBACK || outcome == Outcome.ACTION_FAILED, null, Map.of());
  }
}
