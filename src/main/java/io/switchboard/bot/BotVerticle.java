package io.switchboard.bot;

import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.bot.Request.ActionNeedsInput;
import io.switchboard.bot.Request.ActionRequest;
import io.switchboard.bot.Request.ArticleRequest;
import io.switchboard.bot.Request.HumanRequest;
import io.switchboard.bot.Request.Question;
import io.switchboard.bot.Request.TopicRequest;
import io.switchboard.bus.Addresses;
import io.switchboard.chat.ConversationLog;
import io.switchboard.config.BotConfig;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.conversation.Author;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.conversation.EventKind;
import io.switchboard.conversation.NewEvent;
import io.switchboard.kb.KnowledgeBaseIndex;
import io.switchboard.kb.KnowledgeBaseSearch;
import io.switchboard.kb.KnowledgeGapRepository;
import io.switchboard.kb.SearchHit;
import io.switchboard.persistence.ConversationRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The bot on one node. It listens to stored visitor messages, visitor feedback and conversation openings, and
 * answers through the {@link ConversationLog}, so its replies are sequenced, persisted and replayed on resume like
 * every other event.
 *
 * <p>At most one reply per visitor event, with any number of nodes and bots: a visitor message is handed to the
 * bot of the node that stored it, and every reply is appended under the client id {@code bot:<seq of the event
 * it answers>}, which the conversation's unique index admits once. The append also requires the conversation to
 * be bot-owned (status {@code open}), checked on the row it updates, so the bot falls silent the moment a human
 * owns it, even mid-turn. Event-bus delivery is at-most-once: a node that dies between storing a message and
 * replying leaves that message unanswered (the visitor can ask again).
 *
 * <p>Per visitor question: one small statement to stem it (the knowledge base is searched in memory, see
 * KnowledgeBaseIndex) and one to append the reply (plus one to record a knowledge gap on a fallback). The
 * conversation's status and language come with the message. All statements are prepared and cached.
 */
public final class BotVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(BotVerticle.class);
  /** The status event a gateway appends when a conversation starts: the bot greets. */
  private static final String OPENED = Conversation.OPEN;
  static final String HANDOFF_REQUESTED = "handoff_requested";
  private static final int MAX_TOPIC_ARTICLES = 8;
  private static final int MAX_GAP_QUESTION = 1000;
  private static final String DEMO_PATH = "/demo/";

  private final SwitchboardConfig config;
  private final PgConnectOptions database;
  private final KnowledgeBaseIndex knowledgeBase;
  private final String selfBaseUrl;
  private final MeterRegistry registry;
  private final LanguageGuess languages;
  private Pool pool;
  private BotBrain brain;
  private final BotTexts texts;
  private Author author;
  private BotTurnRepository turns;
  private KnowledgeBaseSearch articles;
  private KnowledgeGapRepository gaps;
  private ConversationLog log;
  private ActionClient actions;

  /**
   * @param selfBaseUrl how this node's own HTTP server is reached (for action URLs starting with {@code /})
   */
  public BotVerticle(SwitchboardConfig config, PgConnectOptions database, KnowledgeBaseIndex knowledgeBase,
                     String selfBaseUrl, MeterRegistry registry, LanguageGuess languages) {
    this.config = config;
    this.database = database;
    this.knowledgeBase = knowledgeBase;
    this.selfBaseUrl = selfBaseUrl;
    this.registry = registry;
    this.languages = languages;
    // Reads resource bundles: done on the deploying thread, not on the event loop.
    this.texts = BotTexts.load(BotConfig.LANGUAGES);
  }

  /** Visitor messages waiting for a bot turn, at most; beyond it they are dropped (and counted). */
  private static final int MAX_BACKLOG = 10_000;
  /** A bot turn that could not start within this long is dropped rather than answered late. */
  private static final long STALE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  private final java.util.ArrayDeque<Waiting> backlog = new java.util.ArrayDeque<>();
  private int inFlight;
  private int maxInFlight;
  private io.micrometer.core.instrument.Counter dropped;

  @Override
  public Future<?> start() {
    BotConfig bot = config.bot();
    pool = PgBuilder.pool()
        // A named pool of its own: the bot's queries do not queue behind the gateway's, and metrics tell them apart.
        .with(new PoolOptions().setMaxSize(config.database().poolSize()).setName("switchboard-bot"))
        .connectingTo(database)
        .using(vertx)
        .build();
    maxInFlight = Math.max(1, config.database().poolSize() * 2);
    dropped = io.micrometer.core.instrument.Counter.builder("switchboard.bot.dropped")
        .description("Visitor messages the bot did not answer because it was overloaded (backlog full or stale)")
        .register(registry);
    brain = new BotBrain(policy(bot), texts);
    author = new Author(Author.Kind.BOT, "bot", bot.name());
    turns = new BotTurnRepository(pool);
    articles = new KnowledgeBaseSearch(pool, knowledgeBase);
    gaps = new KnowledgeGapRepository(pool);
    log = new ConversationLog(new ConversationRepository(pool), vertx.eventBus());
    actions = new ActionClient(vertx, selfBaseUrl, bot.actionTimeoutMs());

    MessageConsumer<JsonObject> messages = vertx.eventBus().consumer(Addresses.VISITOR_MESSAGE_STORED,
        message -> admit(ConversationEvent.fromJson(message.body()),
            message.body().getJsonObject(ConversationLog.CONVERSATION)));
    MessageConsumer<JsonObject> feedback = vertx.eventBus().consumer(Addresses.VISITOR_FEEDBACK_STORED,
        message -> report(onFeedback(ConversationEvent.fromJson(message.body())), "feedback"));
    MessageConsumer<JsonObject> statuses = vertx.eventBus().consumer(Addresses.CONVERSATION_STATUS,
        message -> report(onStatus(ConversationEvent.fromJson(message.body())), "status"));
    return Future.all(messages.completion(), feedback.completion(), statuses.completion())
        .onSuccess(ready -> LOG.info("Bot '{}' answering (answer >= {}, suggest >= {}, {} action(s))", bot.name(),
            bot.answerThreshold(), bot.suggestThreshold(), brain.policy().actions().size()));
  }

  // ---- backpressure: a bounded number of turns in flight, a bounded backlog, stale turns dropped ----

  private void admit(ConversationEvent message, JsonObject conversation) {
    if (backlog.size() >= MAX_BACKLOG) {
      dropped.increment();
      LOG.warn("Bot backlog full ({} messages): message {} of conversation {} not answered", MAX_BACKLOG,
          message.seq(), message.conversationId());
      return;
    }
    backlog.addLast(new Waiting(message, conversation, System.nanoTime()));
    drainBacklog();
  }

  private void drainBacklog() {
    while (inFlight < maxInFlight && !backlog.isEmpty()) {
      Waiting next = backlog.pollFirst();
      if (System.nanoTime() - next.arrivedNanos() > STALE_NANOS) {
        // An answer this late would arrive after the visitor moved on; the turn is left for them to ask again.
        dropped.increment();
        continue;
      }
      inFlight++;
      Future<Void> turn = onVisitorMessage(next.message(), next.conversation());
      report(turn, "message");
      turn.onComplete(ignored -> {
        inFlight--;
        drainBacklog();
      });
    }
  }

  /** A visitor message waiting for its bot turn, with its conversation's status and language when stored. */
  private record Waiting(ConversationEvent message, JsonObject conversation, long arrivedNanos) {
  }

  /** The sample action endpoint exists only in demo mode; outside it, actions pointing there are left out. */
  private BotPolicy policy(BotConfig bot) {
    BotPolicy policy = BotPolicy.from(bot);
    if (config.demo()) {
      return policy;
    }
    List<ActionSpec> usable = new ArrayList<>();
    for (ActionSpec action : policy.actions()) {
      if (action.config().url().startsWith(DEMO_PATH)) {
        LOG.warn("Bot action '{}' points at the demo SAMPLE endpoint {}, which only exists in demo mode; it is off."
            + " Set bot.actions[].url to your own system.", action.intent(), action.config().url());
      } else {
        usable.add(action);
      }
    }
    return new BotPolicy(policy.name(), policy.answerThreshold(), policy.suggestThreshold(),
        policy.ambiguityMargin(), policy.maxChoices(), policy.greetingTopics(), List.copyOf(usable));
  }

  // ---- conversation opened: greet ----

  private Future<Void> onStatus(ConversationEvent event) {
    if (!OPENED.equals(event.data().getString("status"))) {
      return Future.succeededFuture();
    }
    return turns.claim(event.conversationId(), event.seq())
        .compose(turn -> turn.isEmpty() ? Future.succeededFuture()
            : say(turn.get(), brain.greet(supported(turn.get().conversationLanguage(), "en"))).mapEmpty());
  }

  // ---- visitor message: understand, look up, reply ----

  /**
   * The conversation's status and language come with the message (read in the statement that stored it), so a
   * turn costs no read: a conversation a human owns is left alone at once, and the reply itself is appended only
   * if the conversation is still the bot's (see {@link #say}).
   */
  private Future<Void> onVisitorMessage(ConversationEvent event, JsonObject conversation) {
    String status = conversation == null ? null : conversation.getString("status");
    if (status != null && !BotTurnRepository.BOT_OWNED.equals(status)) {
      return turns.recordSilent(event.conversationId(), event.seq());
    }
    String known = conversation == null ? null : conversation.getString("language");
    String text = event.body() == null ? "" : event.body();
    String payload = event.data().getString("payload");
    String guessed = languages.guess(text);
    BotTurnRepository.Turn turn = new BotTurnRepository.Turn(event.conversationId(), event.seq(),
        known == null ? guessed : known, known == null ? guessed : null);
    return respond(turn, text, payload, supported(known, guessed));
  }

  private Future<Void> respond(BotTurnRepository.Turn turn, String text, String payload, String language) {
    Request request = brain.understand(text, payload, language);
    Future<BotReply> reply;
    if (request instanceof ArticleRequest picked) {
      reply = Future.succeededFuture(knowledgeBase.article(picked.articleId())
          .map(found -> brain.article(candidate(found), language))
          .orElseGet(() -> brain.articleMissing(language)));
    } else if (request instanceof TopicRequest topic) {
      reply = Future.succeededFuture(brain.topic(topic.category(),
          candidates(knowledgeBase.inCategory(language, topic.category(), MAX_TOPIC_ARTICLES)), language));
    } else if (request instanceof HumanRequest) {
      // The reply first: the request's status event starts the hand-off, after which the bot may no longer speak.
      return say(turn, brain.handoff(language))
          .compose(said -> said ? recordHandoffRequest(turn, language) : Future.succeededFuture());
    } else if (request instanceof ActionRequest action) {
      reply = runAction(action, language);
    } else if (request instanceof ActionNeedsInput needsInput) {
      reply = Future.succeededFuture(brain.askForInput(needsInput.action(), language));
    } else {
      Question question = (Question) request;
      reply = articles.search(question.text(), language, brain.policy().maxChoices() + 1)
          .map(hits -> brain.answer(candidates(hits), language));
    }
    return reply.compose(answer -> answer.outcome() == Outcome.FALLBACK && request instanceof Question
        ? Future.all(say(turn, answer), recordGap(turn, text, language, answer)).mapEmpty()
        : say(turn, answer).mapEmpty());
  }

  private Future<BotReply> runAction(ActionRequest request, String language) {
    ActionSpec action = request.action();
    return actions.call(action, request.parameters(), language)
        .map(result -> {
          if (result instanceof ActionClient.Result.Answered answered) {
            return brain.actionAnswered(action, request.parameters(), answered.fields(), language);
          }
          if (result instanceof ActionClient.Result.NotFound) {
            return brain.actionNotFound(action, request.parameters(), language);
          }
          LOG.warn("Bot action '{}' failed: {}", action.intent(), ((ActionClient.Result.Failed) result).why());
          return brain.actionFailed(action, request.parameters(), language);
        });
  }

  /**
   * Records the request as a status event (the conversation's status stays {@code open} until the hand-off
   * dispatcher, which listens for it, queues the conversation), also for analytics.
   */
  private Future<Void> recordHandoffRequest(BotTurnRepository.Turn turn, String language) {
    JsonObject details = new JsonObject()
        .put("reason", "human_requested")
        .put("language", language)
        .put("inReplyTo", turn.seq());
    return log.append(turn.conversationId(), NewEvent.status(HANDOFF_REQUESTED, details)).mapEmpty();
  }

  private Future<Void> recordGap(BotTurnRepository.Turn turn, String question, String language, BotReply reply) {
    String trimmed = question.length() > MAX_GAP_QUESTION ? question.substring(0, MAX_GAP_QUESTION) : question;
    return gaps.recordFallback(language, trimmed, turn.conversationId(), turn.seq(), reply.confidence());
  }

  // ---- feedback: store per article; acknowledge an unhelpful answer ----

  private Future<Void> onFeedback(ConversationEvent event) {
    Long replySeq = event.data().getLong("inReplyTo");
    Boolean helpful = event.data().getBoolean("helpful");
    if (replySeq == null || helpful == null) {
      return Future.succeededFuture();
    }
    return gaps.recordFeedback(event.conversationId(), event.seq(), replySeq, helpful)
        .compose(stored -> {
          boolean acknowledge = stored.isPresent() && !helpful
              && BotTurnRepository.BOT_OWNED.equals(stored.get().conversationStatus());
          if (!acknowledge) {
            return Future.succeededFuture();
          }
          String language = supported(stored.get().language(), "en");
          return say(new BotTurnRepository.Turn(event.conversationId(), event.seq(), language),
              brain.unhelpful(language)).mapEmpty();
        });
  }

  // ---- output ----

  /**
   * Appends the reply to event {@code turn.seq()} under the client id {@code bot:<seq>}, so a conversation gets at
   * most one reply per event whatever the number of bots (the retry rule of every sender: a unique index), and only
   * while the bot owns the conversation. A refused reply is recorded as a silent turn. True if this bot spoke.
   */
  private Future<Boolean> say(BotTurnRepository.Turn turn, BotReply reply) {
    NewEvent message = new NewEvent(EventKind.MESSAGE, author, "bot:" + turn.seq(), reply.text(),
        data(reply, turn.seq()));
    return log.appendIf(turn.conversationId(), message, BotTurnRepository.BOT_OWNED, turn.learnLanguage())
        .compose(appended -> {
          if (appended.isEmpty()) {
            return turns.recordSilent(turn.conversationId(), turn.seq()).map(false);
          }
          if (appended.get().duplicate()) {
            return Future.succeededFuture(false);
          }
          registry.counter("switchboard.bot.replies", "outcome", reply.outcome().code()).increment();
          return Future.succeededFuture(true);
        });
  }

  /** The {@code data} of a bot message: what the widget renders and analytics count (docs/knowledge-base.md). */
  private JsonObject data(BotReply reply, long inReplyTo) {
    JsonObject data = new JsonObject()
        .put("outcome", reply.outcome().code())
        .put("language", reply.language())
        .put("inReplyTo", inReplyTo)
        .put("feedback", reply.feedback())
        .put("fallback", reply.fallback());
    if (reply.articleId() != null) {
      data.put("articleId", reply.articleId()).put("title", reply.title());
    }
    if (reply.confidence() != null) {
      data.put("confidence", reply.confidence());
    }
    if (reply.feedback()) {
      data.put("feedbackPrompt", texts.text(reply.language(), "feedbackPrompt"));
    }
    JsonArray quickReplies = new JsonArray();
    reply.quickReplies().forEach(button -> quickReplies.add(new JsonObject()
        .put("label", button.label()).put("payload", button.payload())));
    data.put("quickReplies", quickReplies);
    JsonArray choices = new JsonArray();
    reply.choices().forEach(choice -> choices.add(new JsonObject()
        .put("articleId", choice.articleId())
        .put("title", choice.title())
        .put("payload", choice.payload())
        .put("confidence", choice.confidence())));
    data.put("choices", choices);
    JsonArray links = new JsonArray();
    reply.links().forEach(link -> links.add(new JsonObject().put("title", link.title()).put("url", link.url())));
    data.put("links", links);
    if (reply.intent() != null) {
      data.put("intent", reply.intent()).put("parameters", new JsonObject(new HashMap<>(reply.parameters())));
    }
    return data;
  }

  // ---- helpers ----

  private static String supported(String language, String otherwise) {
    return language != null && BotConfig.LANGUAGES.contains(language) ? language : otherwise;
  }

  private static List<Candidate> candidates(List<SearchHit> hits) {
    return hits.stream().map(BotVerticle::candidate).toList();
  }

  private static Candidate candidate(SearchHit hit) {
    List<QuickReply> quickReplies = new ArrayList<>();
    hit.quickReplies().forEach(item -> {
      JsonObject button = (JsonObject) item;
      quickReplies.add(new QuickReply(button.getString("label"), button.getString("payload")));
    });
    List<Candidate.Link> links = new ArrayList<>();
    hit.links().forEach(item -> {
      JsonObject link = (JsonObject) item;
      links.add(new Candidate.Link(link.getString("title"), link.getString("url")));
    });
    return new Candidate(hit.articleId(), hit.title(), hit.body(), hit.category(), List.copyOf(quickReplies),
        List.copyOf(links), hit.confidence());
  }

  private static void report(Future<Void> handled, String what) {
    handled.onFailure(failure -> LOG.warn("Bot could not handle a {} event: {}", what, failure.toString()));
  }

  @Override
  public Future<?> stop() {
    if (actions != null) {
      actions.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }
}
