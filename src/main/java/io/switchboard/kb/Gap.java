package io.switchboard.kb;

import java.time.Instant;
import java.util.List;

/** One recorded knowledge gap: a question the bot could not answer, or answered unhelpfully. */
public record Gap(long id, String language, String question, List<String> lexemes, String reason, Long articleId,
                  Instant createdAt) {

  public static final String FALLBACK = "fallback";
  public static final String UNHELPFUL = "unhelpful";
}
