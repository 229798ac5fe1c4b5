package io.switchboard.bot;

import io.switchboard.bot.Request.ActionNeedsInput;
import io.switchboard.bot.Request.ActionRequest;
import io.switchboard.bot.Request.ArticleRequest;
import io.switchboard.bot.Request.HumanRequest;
import io.switchboard.bot.Request.Question;
import io.switchboard.bot.Request.TopicRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bot's decisions, free of I/O: what a message asks for ({@link #understand}), and what to say given the
 * knowledge base's candidates or an action's result. The adapter does the lookups in between.
 */
public final class BotBrain {

  public static final String ARTICLE_PAYLOAD = "article:";
  public static final String TOPIC_PAYLOAD = "topic:";
  public static final String INTENT_PAYLOAD = "intent:";
  public static final String HANDOFF_PAYLOAD = "handoff";

  private final BotPolicy policy;
  private final BotTexts texts;

  public BotBrain(BotPolicy policy, BotTexts texts) {
    this.policy = policy;
    this.texts = texts;
  }

  public BotPolicy policy() {
    return policy;
  }

  /**
   * What a visitor message asks for. A quick-reply payload wins over the text; then an explicit request for a
   * person; then a configured action; otherwise it is a question for the knowledge base.
   */
  public Request understand(String text, String payload, String language) {
    String message = text == null ? "" : text;
    if (payload != null) {
      Optional<Request> fromPayload = fromPayload(payload, message, language);
      if (fromPayload.isPresent()) {
        return fromPayload.get();
      }
    }
    if (HumanRequestDetector.asksForHuman(message)) {
      return new HumanRequest();
    }
    for (ActionSpec action : policy.actions()) {
      if (action.matches(message, language)) {
        return actionRequest(action, message);
      }
    }
    return new Question(message);
  }

  /** Unknown payloads are ignored: the label text is still a fine question. */
  private Optional<Request> fromPayload(String payload, String text, String language) {
    if (payload.equals(HANDOFF_PAYLOAD)) {
      return Optional.of(new HumanRequest());
    }
    if (payload.startsWith(ARTICLE_PAYLOAD)) {
      try {
        return Optional.of(new ArticleRequest(Long.parseLong(payload.substring(ARTICLE_PAYLOAD.length()))));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (payload.startsWith(TOPIC_PAYLOAD) && payload.length() > TOPIC_PAYLOAD.length()) {
      return Optional.of(new TopicRequest(payload.substring(TOPIC_PAYLOAD.length())));
    }
    if (payload.startsWith(INTENT_PAYLOAD)) {
      String intent = payload.substring(INTENT_PAYLOAD.length());
      return policy.actions().stream()
          .filter(action -> action.intent().equals(intent))
          .findFirst()
          .map(action -> actionRequest(action, text));
    }
    return Optional.empty();
  }

  private static Request actionRequest(ActionSpec action, String text) {
    return action.parameter(text)
        .<Request>map(value -> new ActionRequest(action, Map.of(action.config().parameter(), value)))
        .orElseGet(() -> new ActionNeedsInput(action));
  }

  // ---- replies ----

  public BotReply greet(String language) {
    return BotReply.of(Outcome.GREETING, language,
        texts.text(language, "greeting", Map.of("name", policy.name())), topicButtons(language));
  }

  /**
   * The reply to a question given the knowledge base's candidates, best first: the best article when its
   * confidence reaches the answer threshold and no runner-up is as good (within the ambiguity margin), choices
   * when it reaches the suggest threshold, else a fallback.
   */
  public BotReply answer(List<Candidate> candidates, String language) {
    Candidate best = candidates.isEmpty() ? null : candidates.get(0);
    Candidate runnerUp = candidates.size() > 1 ? candidates.get(1) : null;
    boolean clearWinner = runnerUp == null || best.confidence() - runnerUp.confidence() >= policy.ambiguityMargin();
    if (best != null && best.confidence() >= policy.answerThreshold() && clearWinner) {
      return article(best, language);
    }
    if (best != null && best.confidence() >= policy.suggestThreshold()) {
      return didYouMean(candidates, language);
    }
    BotReply fallback = BotReply.of(Outcome.FALLBACK, language, texts.text(language, "fallback"),
        withHumanButton(topicButtons(language), language));
    return best == null ? fallback : withConfidence(fallback, best.confidence());
  }

  /** An article as the answer, with its quick replies, links and the "was this helpful?" prompt. */
  public BotReply article(Candidate article, String language) {
    return new BotReply(Outcome.ANSWER, language, article.body(), article.articleId(), article.title(),
        article.confidence(), article.quickReplies(), List.of(), article.links(), true, false, null, Map.of());
  }

  private BotReply didYouMean(List<Candidate> candidates, String language) {
    // Weaker siblings may appear as long as they are at least half as credible as a suggestion must be.
    double floor = policy.suggestThreshold() / 2;
    List<Choice> choices = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (choices.size() == policy.maxChoices() || candidate.confidence() < floor) {
        break;
      }
      choices.add(new Choice(candidate.articleId(), candidate.title(), ARTICLE_PAYLOAD + candidate.articleId(),
          candidate.confidence()));
    }
    return new BotReply(Outcome.DID_YOU_MEAN, language, texts.text(language, "didYouMean"), null, null,
        candidates.get(0).confidence(), List.of(), choices, List.of(), false, false, null, Map.of());
  }

  /** The articles of a topic as choices. */
  public BotReply topic(String category, List<Candidate> articles, String language) {
    String label = texts.topic(language, category);
    if (articles.isEmpty()) {
      return BotReply.of(Outcome.TOPIC, language, texts.text(language, "topicEmpty", Map.of("topic", label)),
          List.of());
    }
    List<Choice> choices = articles.stream()
        .map(article -> new Choice(article.articleId(), article.title(), ARTICLE_PAYLOAD + article.articleId(), 1.0))
        .toList();
    return new BotReply(Outcome.TOPIC, language, texts.text(language, "topic", Map.of("topic", label)), null, null,
        null, List.of(), choices, List.of(), false, false, null, Map.of());
  }

  /** A picked article that no longer exists. */
  public BotReply articleMissing(String language) {
    return BotReply.of(Outcome.FALLBACK, language, texts.text(language, "articleMissing"), topicButtons(language));
  }

  /** The honest acknowledgement of a request for a person (the hand-off itself is not built yet). */
  public BotReply handoff(String language) {
    return BotReply.of(Outcome.HANDOFF_REQUESTED, language, texts.text(language, "handoff"), List.of());
  }

  public BotReply askForInput(ActionSpec action, String language) {
    return withIntent(BotReply.of(Outcome.ACTION_NEEDS_INPUT, language, localized(action.config().askParameter(),
        language), List.of()), action, Map.of());
  }

  /** An action's JSON answer rendered with the action's reply template (fields flattened with dots). */
  public BotReply actionAnswered(ActionSpec action, Map<String, String> parameters, Map<String, Object> fields,
                                 String language) {
    Map<String, Object> values = new HashMap<>(fields);
    values.putAll(parameters);
    values.put("language", language);
    String text = Templates.fill(localized(action.config().reply(), language), values);
    return withIntent(BotReply.of(Outcome.ACTION, language, text, List.of()), action, parameters);
  }

  /** The action's endpoint answered 404: the thing asked about does not exist. */
  public BotReply actionNotFound(ActionSpec action, Map<String, String> parameters, String language) {
    if (action.config().notFound().isEmpty()) {
      return actionFailed(action, parameters, language);
    }
    Map<String, Object> values = new HashMap<>(parameters);
    values.put("language", language);
    String text = Templates.fill(localized(action.config().notFound(), language), values);
    return withIntent(BotReply.of(Outcome.ACTION, language, text, List.of()), action, parameters);
  }

  /** The action's endpoint failed or was too slow: a polite answer that counts as a fallback. */
  public BotReply actionFailed(ActionSpec action, Map<String, String> parameters, String language) {
    return withIntent(BotReply.of(Outcome.ACTION_FAILED, language, texts.text(language, "actionFailed"),
        List.of(humanButton(language))), action, parameters);
  }

  public BotReply unhelpful(String language) {
    return BotReply.of(Outcome.UNHELPFUL_ACKNOWLEDGED, language, texts.text(language, "unhelpful"),
        List.of(humanButton(language)));
  }

  // ---- helpers ----

  private List<QuickReply> topicButtons(String language) {
    return policy.greetingTopics().stream()
        .map(topic -> new QuickReply(texts.topic(language, topic), TOPIC_PAYLOAD + topic))
        .toList();
  }

  private QuickReply humanButton(String language) {
    return new QuickReply(texts.text(language, "humanButton"), HANDOFF_PAYLOAD);
  }

  private List<QuickReply> withHumanButton(List<QuickReply> buttons, String language) {
    List<QuickReply> out = new ArrayList<>(buttons);
    out.add(humanButton(language));
    return List.copyOf(out);
  }

  private static String localized(Map<String, String> texts, String language) {
    return texts.getOrDefault(language, texts.get("en"));
  }

  private static BotReply withConfidence(BotReply reply, double confidence) {
    return new BotReply(reply.outcome(), reply.language(), reply.text(), reply.articleId(), reply.title(), confidence,
        reply.quickReplies(), reply.choices(), reply.links(), reply.feedback(), reply.fallback(), reply.intent(),
        reply.parameters());
  }

  private static BotReply withIntent(BotReply reply, ActionSpec action, Map<String, String> parameters) {
    return new BotReply(reply.outcome(), reply.language(), reply.text(), reply.articleId(), reply.title(),
        reply.confidence(), reply.quickReplies(), reply.choices(), reply.links(), reply.feedback(), reply.fallback(),
        action.intent(), Map.copyOf(parameters));
  }
}
