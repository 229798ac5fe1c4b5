package io.switchboard.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("The frustration scorer")
class FrustrationScorerTest {

  private static final FrustrationScorer SCORER = FrustrationScorer.create(FrustrationSettings.defaults());

  private static MessageScore score(String text) {
    return SCORER.score(text, ConversationSignals.none());
  }

  private static List<String> codes(MessageScore score) {
    return score.reasons().stream().map(Reason::code).toList();
  }

  @ParameterizedTest(name = "[{0}] \"{1}\" scores lower than \"{2}\"")
  @DisplayName("negation flips a negative word into a mild positive")
  @CsvSource(delimiter = '|', textBlock = """
      en | the food was not bad       | the food was bad
      es | la comida no está mal      | la comida está mal
      es | el vuelo no estuvo nada mal | el vuelo estuvo mal
      ru | еда неплохая               | еда плохая
      ru | всё не так уж плохо        | всё плохо
      """)
  void negationFlips(String language, String negated, String plain) {
    MessageScore flipped = score(negated);
    MessageScore bad = score(plain);
    assertThat(flipped.language()).isEqualTo(language);
    assertThat(bad.language()).isEqualTo(language);
    assertThat(flipped.score()).isLessThan(bad.score());
    assertThat(flipped.hasReason(Reason.NEGATIVE_WORDS)).isFalse();
    assertThat(bad.hasReason(Reason.NEGATIVE_WORDS)).isTrue();
  }

  @ParameterizedTest(name = "[{0}] \"{1}\" becomes a complaint")
  @DisplayName("a negated positive or expected word is a complaint")
  @CsvSource(delimiter = '|', textBlock = """
      en | the app doesn't work        | doesn't work
      en | this was not helpful at all | not helpful
      es | la web no funciona          | no funciona
      ru | приложение не работает      | не работает
      ru | я недоволен                 | недоволен
      """)
  void negatedPositiveIsNegative(String language, String text, String quoted) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo(language);
    assertThat(result.reasons()).anySatisfy(reason -> {
      assertThat(reason.code()).isEqualTo(Reason.NEGATIVE_WORDS);
      assertThat(reason.text()).contains(quoted);
    });
  }

  @ParameterizedTest(name = "[{0}] \"{2}\" scores higher than \"{1}\"")
  @DisplayName("intensifiers raise the score")
  @CsvSource(delimiter = '|', textBlock = """
      en | the service is bad         | the service is extremely bad
      es | el servicio es malo        | el servicio es muy malo
      ru | обслуживание плохое        | обслуживание очень плохое
      """)
  void intensifiersRaise(String language, String plain, String intensified) {
    assertThat(score(intensified).score()).isGreaterThan(score(plain).score());
    assertThat(score(intensified).language()).isEqualTo(language);
  }

  @ParameterizedTest(name = "[{0}] \"{2}\" scores higher than \"{1}\"")
  @DisplayName("shouting raises the score and says so")
  @CsvSource(delimiter = '|', textBlock = """
      en | where is my refund | WHERE IS MY REFUND
      es | dónde está mi reembolso | DÓNDE ESTÁ MI REEMBOLSO
      ru | где мои деньги | ГДЕ МОИ ДЕНЬГИ
      """)
  void shoutingRaises(String language, String calm, String shouted) {
    MessageScore loud = score(shouted);
    assertThat(loud.score()).isGreaterThan(score(calm).score());
    assertThat(loud.language()).isEqualTo(language);
    assertThat(codes(loud)).contains(Reason.SHOUTING);
  }

  @ParameterizedTest(name = "[{0}] \"{1}\"")
  @DisplayName("a polite message stays calm")
  @CsvSource(delimiter = '|', textBlock = """
      en | Hi, could you please help me change my booking? Thank you!
      es | Hola, ¿me podéis ayudar a cambiar la fecha de mi vuelo? Muchas gracias
      ru | Здравствуйте, подскажите, пожалуйста, как поменять дату рейса? Спасибо!
      """)
  void politeStaysCalm(String language, String text) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo(language);
    assertThat(result.level()).isEqualTo(Level.CALM);
    assertThat(result.score()).isLessThan(0.15);
  }

  @ParameterizedTest(name = "[{0}] \"{1}\" asks for a person")
  @DisplayName("a demand for a human is detected in every supported language")
  @CsvSource(delimiter = '|', textBlock = """
      en | I want to talk to a real person
      en | agent please
      en | Can you connect me with a representative?
      es | quiero hablar con un agente
      es | pásame con un humano por favor
      ru | позовите оператора!
      ru | хочу поговорить с живым человеком
      """)
  void humanRequested(String language, String text) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo(language);
    assertThat(codes(result)).contains(Reason.HUMAN_REQUESTED);
  }

  @ParameterizedTest(name = "\"{0}\" is not a request for a person")
  @DisplayName("words that merely resemble a person request are not one")
  @CsvSource(delimiter = '|', textBlock = """
      the gate agent said the flight is on time and everything went fine today
      necesito cancelar un vuelo por una operación urgente
      un poco de humanidad no estaría mal en este mundo
      I don't need a human, the bot answered my question
      """)
  void notHumanRequested(String text) {
    assertThat(codes(score(text))).doesNotContain(Reason.HUMAN_REQUESTED);
  }

  @ParameterizedTest(name = "[{0}] \"{1}\"")
  @DisplayName("an unsupported language abstains from vocabulary but still hears shouting and punctuation")
  @CsvSource(delimiter = '|', textBlock = """
      de | Das ist eine KATASTROPHE, ich WARTE schon seit Stunden!!!
      fr | C'est INADMISSIBLE, je ATTENDS depuis des heures!!!
      uk | Це ЖАХЛИВО, я ЧЕКАЮ вже годину!!!
      """)
  void unsupportedLanguage(String language, String text) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo(language);
    assertThat(result.languageSupported()).isFalse();
    assertThat(codes(result)).contains(Reason.UNSUPPORTED_LANGUAGE, Reason.SHOUTING, Reason.REPEATED_PUNCTUATION)
        .doesNotContain(Reason.NEGATIVE_WORDS, Reason.POSITIVE_WORDS);
    assertThat(result.score()).isGreaterThan(score("Das ist eine Frage").score());
  }

  @Test
  @DisplayName("text in no known script is undetermined and says so")
  void undeterminedLanguage() {
    MessageScore result = score("これはひどい!!!");
    assertThat(result.language()).isEqualTo(MessageScore.UNDETERMINED);
    assertThat(result.languageSupported()).isFalse();
    assertThat(codes(result)).contains(Reason.UNSUPPORTED_LANGUAGE, Reason.REPEATED_PUNCTUATION);
  }

  @ParameterizedTest(name = "[{0}] \"{1}\" quotes {2}")
  @DisplayName("reasons quote the words that were found")
  @CsvSource(delimiter = '|', textBlock = """
      en | This is terrible, the app is useless | NEGATIVE_WORDS  | negative words: terrible, useless
      es | sois unos inútiles, qué desastre      | NEGATIVE_WORDS  | inútiles
      ru | это просто ужасно                      | NEGATIVE_WORDS  | ужасно
      en | I will cancel my account              | THREAT_TO_LEAVE | cancel my account
      es | me doy de baja                         | THREAT_TO_LEAVE | me doy de baja
      ru | я подам в суд                          | THREAT_TO_LEAVE | подам в суд
      en | soooo slow                             | ELONGATED_WORDS | soooo
      en | why?!?!                                | REPEATED_PUNCTUATION | ?!?!
      en | thanks for nothing 😡                  | NEGATIVE_EMOJI  | 😡
      """)
  void reasonsQuoteTheMessage(String language, String text, String code, String quoted) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo(language);
    assertThat(result.reasons()).anySatisfy(reason -> {
      assertThat(reason.code()).isEqualTo(code);
      assertThat(reason.text()).contains(quoted);
    });
  }

  @ParameterizedTest(name = "\"{0}\" is {1}")
  @DisplayName("a message is classified into the expected level")
  @CsvSource(delimiter = '|', textBlock = """
      ok thanks                                                   | CALM
      this is fucking useless, I want a human NOW!!!              | ANGRY
      """)
  void levels(String text, Level level) {
    assertThat(score(text).level()).isEqualTo(level);
  }

  @Test
  @DisplayName("Twitter mentions and links are not words, hashtags are")
  void mentionsAndLinks() {
    assertThat(score("@TerribleAir https://t.co/useless").reasons()).noneMatch(r -> r.code().equals(Reason.NEGATIVE_WORDS));
    assertThat(score("#terrible service").hasReason(Reason.NEGATIVE_WORDS)).isTrue();
  }

  @Test
  @DisplayName("a repeated question raises the score and says so")
  void repeatedQuestion() {
    String question = "where is my refund for order 1234?";
    ConversationSignals context = new ConversationSignals(
        List.of("Where is my refund for order 1234", "hello?", "where's my refund for the order 1234"), 0, 0, 1);
    MessageScore repeated = SCORER.score(question, context);
    assertThat(repeated.score()).isGreaterThan(score(question).score());
    assertThat(repeated.reasons()).anySatisfy(reason -> {
      assertThat(reason.code()).isEqualTo(Reason.REPEATED_QUESTION);
      assertThat(reason.text()).isEqualTo("asked the same thing 2 times before");
    });
  }

  @Test
  @DisplayName("bot fallbacks, waiting and a burst of messages raise the score and say so")
  void conversationSignals() {
    String text = "hello?";
    MessageScore alone = score(text);
    MessageScore fallbacks = SCORER.score(text, new ConversationSignals(List.of(), 2, 0, 1));
    MessageScore waited = SCORER.score(text, new ConversationSignals(List.of(), 0, 245, 1));
    MessageScore burst = SCORER.score(text, new ConversationSignals(List.of(), 0, 0, 8));
    assertThat(fallbacks.score()).isGreaterThan(alone.score());
    assertThat(waited.score()).isGreaterThan(alone.score());
    assertThat(burst.score()).isGreaterThan(alone.score());
    assertThat(fallbacks.reasons()).contains(new Reason(Reason.BOT_FALLBACKS, "2 bot fallbacks in a row"));
    assertThat(waited.reasons()).contains(new Reason(Reason.WAITED, "waited 4 min"));
    assertThat(burst.reasons()).contains(new Reason(Reason.MESSAGE_BURST, "8 messages in the last minute"));
  }

  @Test
  @DisplayName("scores stay in [0, 1] however much evidence piles up")
  void bounded() {
    String worst = "FUCKING USELESS TERRIBLE AWFUL SCAM!!!!! 😡😡😡😡 I WANT A HUMAN, CANCEL MY ACCOUNT ".repeat(20);
    MessageScore result = SCORER.score(worst, new ConversationSignals(List.of(worst, worst), 50, 100_000, 100));
    assertThat(result.score()).isBetween(0.0, 1.0);
    assertThat(result.level()).isEqualTo(Level.ANGRY);
    assertThat(score("").score()).isBetween(0.0, 1.0);
  }

  @ParameterizedTest(name = "[es] \"{0}\" is a complaint quoting \"{2}\"")
  @DisplayName("Spanish complaint constructions, negator phrases and sarcasm are complaints")
  @CsvSource(delimiter = '|', textBlock = """
      llevo 3 horas en el aeropuerto y nadie nos dice nada      | COMPLAINT_CUES  | llevo horas
      sigo sin noticias de mi maleta                             | COMPLAINT_CUES  | sigo sin
      ni siquiera me han dado una explicación                     | COMPLAINT_CUES  | ni siquiera
      no hay derecho a que nos traten así                         | NEGATIVE_WORDS  | no hay derecho
      genial, otra vez el vuelo retrasado                         | COMPLAINT_CUES  | sarcasm: otra vez
      gracias por nada                                            | NEGATIVE_WORDS  | gracias por nada
      q vergüenza de servicio                                     | NEGATIVE_WORDS  | q vergüenza
      """)
  void spanishComplaints(String text, String code, String quoted) {
    MessageScore result = score(text);
    assertThat(result.language()).isEqualTo("es");
    assertThat(result.hasReason(Reason.POSITIVE_WORDS)).isFalse();
    assertThat(result.reasons()).anySatisfy(reason -> {
      assertThat(reason.code()).isEqualTo(code);
      assertThat(reason.text()).contains(quoted);
    });
    assertThat(result.score()).isGreaterThan(score("hola, tengo una pregunta sobre mi vuelo").score());
  }

  @Test
  @DisplayName("sarcasm turns praise next to a complaint into part of the complaint, sincere praise stays praise")
  void spanishSarcasm() {
    MessageScore ironic = score("genial, otra vez el vuelo retrasado");
    MessageScore sincere = score("genial, el vuelo llegó a tiempo");
    MessageScore plain = score("el vuelo retrasado");
    assertThat(ironic.score()).isGreaterThan(plain.score());
    assertThat(sincere.hasReason(Reason.POSITIVE_WORDS)).isTrue();
    assertThat(sincere.score()).isLessThan(plain.score());
  }

  @Test
  @DisplayName("a Spanish -ísimo superlative intensifies the listed word, unaccented spellings included")
  void spanishSuperlative() {
    MessageScore plain = score("el servicio es malo");
    assertThat(score("el servicio es malísimo").score()).isGreaterThan(plain.score());
    assertThat(score("el servicio es malisimo").score()).isGreaterThan(plain.score());
    assertThat(score("el billete es carísimo").hasReason(Reason.NEGATIVE_WORDS)).isTrue();
  }

  @Test
  @DisplayName("the same message always gets the same score")
  void deterministic() {
    assertThat(score("this is ridiculous!!!")).isEqualTo(score("this is ridiculous!!!"));
  }
}
