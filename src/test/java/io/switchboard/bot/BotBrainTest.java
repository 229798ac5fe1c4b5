package io.switchboard.bot;

import io.switchboard.config.BotConfig;
import io.switchboard.testing.TestNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Bot decisions (pure core)")
class BotBrainTest {

  private static final BotConfig CONFIG = TestNodes.baseConfig().bot();
  private static final BotBrain BRAIN = new BotBrain(BotPolicy.from(CONFIG), BotTexts.load(BotConfig.LANGUAGES));

  private static Candidate candidate(long id, double confidence) {
    return new Candidate(id, "Article " + id, "Body " + id, "shipping", List.of(), List.of(), confidence);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"I want to talk to a real person", "can I speak with an agent please", "human please",
      "Agent", "connect me to someone", "quiero hablar con una persona", "¿Puedo hablar con un agente?",
      "pásame con un humano", "позовите оператора", "хочу поговорить с живым человеком",
      "соедините меня со специалистом"})
  @DisplayName("recognises a request for a person in English, Spanish and Russian")
  void recognisesHumanRequests(String text) {
    assertThat(BRAIN.understand(text, null, "en")).isInstanceOf(Request.HumanRequest.class);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"can I pay with paypal", "is a person allowed to return two items?",
      "¿hay agentes de aduana?", "как стать курьером"})
  @DisplayName("does not mistake ordinary questions for a request for a person")
  void ordinaryQuestions(String text) {
    assertThat(BRAIN.understand(text, null, "en")).isInstanceOf(Request.Question.class);
  }

  @ParameterizedTest(name = "{0} / {1}")
  @CsvSource(delimiter = '|', value = {
      "Returns      | topic:returns      | TopicRequest",
      "Refund times | article:42         | ArticleRequest",
      "Person       | handoff            | HumanRequest",
      "Check order  | intent:order_status | ActionNeedsInput",
      "order 12345  | intent:order_status | ActionRequest",
      "Anything     | article:oops       | Question"})
  @DisplayName("honours quick-reply payloads before the text")
  void payloads(String text, String payload, String kind) {
    assertThat(BRAIN.understand(text, payload, "en").getClass().getSimpleName()).isEqualTo(kind);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "what's the status of order 12345 | en | 12345",
      "¿dónde está mi pedido 884512?    | es | 884512",
      "где мой заказ 55512              | ru | 55512"})
  @DisplayName("recognises the order-status action and its order number in every language")
  void orderStatus(String text, String language, String orderId) {
    Request request = BRAIN.understand(text, null, language);
    assertThat(request).isInstanceOf(Request.ActionRequest.class);
    assertThat(((Request.ActionRequest) request).parameters()).containsEntry("orderId", orderId);
  }

  @Test
  @DisplayName("answers above the answer threshold, suggests in between, falls back below")
  void thresholds() {
    double answer = CONFIG.answerThreshold();
    double suggest = CONFIG.suggestThreshold();
    assertThat(BRAIN.answer(List.of(candidate(1, answer + 0.2), candidate(2, answer - 0.2)), "en").outcome())
        .isEqualTo(Outcome.ANSWER);
    BotReply choices = BRAIN.answer(List.of(candidate(1, suggest + 0.05), candidate(2, suggest),
        candidate(3, suggest - 0.05), candidate(4, 0.01)), "es");
    assertThat(choices.outcome()).isEqualTo(Outcome.DID_YOU_MEAN);
    assertThat(choices.choices()).extracting(Choice::payload).containsExactly("article:1", "article:2", "article:3");
    BotReply fallback = BRAIN.answer(List.of(candidate(1, suggest - 0.01)), "ru");
    assertThat(fallback.outcome()).isEqualTo(Outcome.FALLBACK);
    assertThat(fallback.fallback()).isTrue();
    assertThat(BRAIN.answer(List.of(), "en").outcome()).isEqualTo(Outcome.FALLBACK);
  }

  @Test
  @DisplayName("two almost equally good articles make a question, not an answer")
  void ambiguity() {
    BotReply reply = BRAIN.answer(List.of(candidate(1, 0.9), candidate(2, 0.9 - CONFIG.ambiguityMargin() / 2)), "en");
    assertThat(reply.outcome()).isEqualTo(Outcome.DID_YOU_MEAN);
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      "Where is my parcel?            | en",
      "¿Dónde está mi pedido?         | es",
      "quiero devolver la lampara     | es",
      "Где моя посылка?               | ru",
      "paypal                         | en"})
  @DisplayName("guesses the language of a message")
  void guessesLanguage(String text, String language) {
    assertThat(LanguageGuess.simple().guess(text)).isEqualTo(language);
  }
}
