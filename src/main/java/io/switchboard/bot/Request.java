package io.switchboard.bot;

import java.util.Map;

/** What a visitor message asks the bot for, decided before any search. */
public sealed interface Request {

  /** A quick reply or choice naming an article. */
  record ArticleRequest(long articleId) implements Request {
  }

  /** A topic quick reply. */
  record TopicRequest(String category) implements Request {
  }

  /** An explicit request for a human (words or the "talk to a person" button). */
  record HumanRequest() implements Request {
  }

  /** An automated action with its parameters. */
  record ActionRequest(ActionSpec action, Map<String, String> parameters) implements Request {
  }

  /** An automated action was recognised but its parameter is missing. */
  record ActionNeedsInput(ActionSpec action) implements Request {
  }

  /** Anything else: a question for the knowledge base. */
  record Question(String text) implements Request {
  }
}
