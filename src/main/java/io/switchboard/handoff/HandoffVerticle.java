package io.switchboard.handoff;

import io.switchboard.bus.Addresses;
import io.switchboard.conversation.Conversation;
import io.switchboard.conversation.ConversationEvent;
import io.switchboard.persistence.ConversationRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every node runs one: it turns triggers into escalations (a request for a person, frustration over the
 * threshold, bot fallbacks in a row, configured topics, the visitor's own choice), and it runs the dispatcher and
 * the sweeps on a timer and whenever queues change. All of it is idempotent across nodes; PostgreSQL decides.
 */
public final class HandoffVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HandoffVerticle.class);
  /** Bot replies looked at when counting fallbacks in a row. */
  private static final int FALLBACK_LOOKBACK = 20;
  /** A burst of queue changes triggers one dispatch after this delay. */
  private static final long COALESCE_MS = 25;

  private final HandoffService handoffs;
  private final ConversationRepository conversations;
  private final HandoffSettings settings;
  private final List<Topic> topics = new ArrayList<>();
  private final boolean botAnswersHumanRequests;
  private boolean running;
  private boolean again;
  private boolean scheduled;

  private record Topic(String skill, Pattern pattern) {
  }

  /**
   * @param botAnswersHumanRequests when the bot runs, it answers a request for a person itself and records it as a
   *     {@code handoff_requested} status (which escalates); the scorer's HUMAN_REQUESTED then does not escalate on its
   *     own, so the bot's acknowledgement is not cut off by the conversation leaving the bot first
   */
  public HandoffVerticle(HandoffService handoffs, ConversationRepository conversations,
                         boolean botAnswersHumanRequests) {
    this.botAnswersHumanRequests = botAnswersHumanRequests;
    this.handoffs = handoffs;
    this.conversations = conversations;
    this.settings = handoffs.settings();
    for (String topic : settings.topics()) {
      int eq = topic.indexOf('=');
      topics.add(new Topic(topic.substring(0, eq), Pattern.compile(topic.substring(eq + 1))));
    }
  }

  @Override
  public Future<?> start() {
    var bus = vertx.eventBus();
    List<MessageConsumer<JsonObject>> consumers = List.of(
        bus.consumer(Addresses.FRUSTRATION_SCORED, message -> onScored(message.body())),
        bus.consumer(Addresses.BOT_MESSAGE_STORED, message -> onBotReply(message.body())),
        bus.consumer(Addresses.CONVERSATION_STATUS, message -> onStatus(message.body())),
        bus.consumer(Addresses.VISITOR_MESSAGE_STORED, message -> onVisitorMessage(message.body())),
        bus.consumer(Addresses.QUEUE_CHANGED, message -> soon()));
    vertx.setPeriodic(settings.dispatchIntervalMs(), id -> run());
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  // ---- triggers ----

  private void onScored(JsonObject body) {
    UUID conversationId = UUID.fromString(body.getString("conversationId"));
    JsonObject frustration = body.getJsonObject("frustration");
    double level = frustration.getJsonObject("conversation").getDouble("level", 0.0);
    // The conversation's status when the message was stored (null when not known): a conversation with the bot
    // may be escalated, a waiting one has its priority moved; the rest needs no statement at all.
    String status = body.getString("conversationStatus");
    if (status == null || Conversation.OPEN.equals(status)) {
      boolean humanRequested = !botAnswersHumanRequests
          && codes(frustration.getJsonArray("reasons")).contains("HUMAN_REQUESTED");
      if (humanRequested) {
        escalate(conversationId, "human_requested", null);
      } else if (level >= settings.frustrationThreshold()) {
        escalate(conversationId, "frustration", null);
      }
    }
    if (status == null || WAITING.contains(status)) {
      handoffs.frustrationChanged(conversationId, level);
    }
  }

  /** Conversation statuses whose hand-off is still waiting for an agent, ranked by frustration. */
  private static final java.util.Set<String> WAITING = java.util.Set.of("queued", "offered");

  private void onBotReply(JsonObject body) {
    ConversationEvent reply = ConversationEvent.fromJson(body);
    String outcome = reply.data().getString("outcome", "");
    if (!"fallback".equals(outcome) && !"action_failed".equals(outcome)) {
      return;
    }
    conversations.recentEvents(reply.conversationId(), reply.seq(), FALLBACK_LOOKBACK)
        .onSuccess(events -> {
          int inARow = 0;
          for (int i = events.size() - 1; i >= 0; i--) {
            ConversationEvent event = events.get(i);
            if (event.author().kind() != io.switchboard.conversation.Author.Kind.BOT) {
              continue;
            }
            String eventOutcome = event.data().getString("outcome", "");
            if (!"fallback".equals(eventOutcome) && !"action_failed".equals(eventOutcome)) {
              break;
            }
            inARow++;
          }
          if (inARow >= settings.fallbacksBeforeEscalation()) {
            escalate(reply.conversationId(), "bot_fallbacks", null);
          }
        });
  }

  private void onStatus(JsonObject body) {
    ConversationEvent event = ConversationEvent.fromJson(body);
    if ("handoff_requested".equals(event.data().getString("status"))) {
      escalate(event.conversationId(), event.data().getString("reason", "human_requested"),
          event.data().getString("skill"));
    }
  }

  private void onVisitorMessage(JsonObject body) {
    ConversationEvent message = ConversationEvent.fromJson(body);
    if (message.body() == null) {
      return;
    }
    for (Topic topic : topics) {
      if (topic.pattern().matcher(message.body()).find()) {
        escalate(message.conversationId(), "topic:" + topic.skill(), topic.skill());
        return;
      }
    }
  }

  private void escalate(UUID conversationId, String reason, String skill) {
    handoffs.escalate(conversationId, reason, skill)
        .onSuccess(done -> {
          if (done.isPresent()) {
            soon();
          }
        })
        .onFailure(failure -> LOG.warn("Escalating conversation {} failed: {}", conversationId, failure.toString()));
  }

  private static List<String> codes(JsonArray reasons) {
    List<String> out = new ArrayList<>();
    if (reasons != null) {
      reasons.forEach(reason -> out.add(((JsonObject) reason).getString("code")));
    }
    return out;
  }

  // ---- dispatcher and sweeps ----

  private void soon() {
    if (!scheduled) {
      scheduled = true;
      vertx.setTimer(COALESCE_MS, id -> {
        scheduled = false;
        run();
      });
    }
  }

  private void run() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    handoffs.sweep()
        .compose(ignored -> handoffs.dispatch())
        .onFailure(failure -> LOG.warn("Dispatch round failed: {}", failure.toString()))
        .onComplete(ignored -> {
          running = false;
          if (again) {
            again = false;
            run();
          }
        });
  }
}
