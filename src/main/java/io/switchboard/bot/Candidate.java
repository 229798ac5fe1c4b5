package io.switchboard.bot;

import java.util.List;

/** A knowledge-base article as the bot sees it: a search hit with its confidence in [0, 1]. */
public record Candidate(long articleId, String title, String body, String category, List<QuickReply> quickReplies,
                        List<Link> links, double confidence) {

  /** A link shown under an answer. */
  public record Link(String title, String url) {
  }
}
