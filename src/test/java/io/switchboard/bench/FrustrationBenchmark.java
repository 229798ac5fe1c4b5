package io.switchboard.bench;

import io.switchboard.frustration.ConversationSignals;
import io.switchboard.frustration.FrustrationScorer;
import io.switchboard.frustration.FrustrationSettings;
import io.switchboard.frustration.MessageScore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of {@link FrustrationScorer#score} on typical chat messages in English, Spanish, Russian and an
 * unsupported language, language detection included. Run (see docs/frustration.md):
 *
 * <pre>
 * ./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.openjdk.jmh.Main \
 *   -Dexec.args="FrustrationBenchmark -f 1 -wi 3 -i 5 -t 1"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FrustrationBenchmark {

  /** Messages written for this benchmark, in the shapes chat widgets receive. */
  private static final String[] MESSAGES = {
    "Hi, I need to change the date of my flight",
    "where is my refund??",
    "This is ridiculous, I've been waiting for 40 minutes and nobody answers!!!",
    "Thanks, that helped a lot :)",
    "I want to talk to a real person",
    "the app doesn't work, I can't log in",
    "WHY IS MY ORDER STILL NOT HERE",
    "ok",
    "Hola, quiero cambiar mi reserva por favor",
    "llevo una hora esperando y nadie me contesta, es una vergüenza",
    "quiero hablar con un agente",
    "muchas gracias, todo perfecto",
    "Здравствуйте, подскажите, где мой заказ?",
    "это просто ужас, деньги списали два раза!!!",
    "позовите оператора",
    "спасибо, всё понятно)",
    "Das ist eine Katastrophe, ich warte schon seit Stunden!!!",
    "my card was charged twice and the support bot keeps sending me the same useless link",
  };

  private FrustrationScorer scorer;
  private ConversationSignals context;
  private int next;

  @Setup
  public void setUp() {
    scorer = FrustrationScorer.create(FrustrationSettings.defaults());
    context = ConversationSignals.none();
  }

  @Benchmark
  public MessageScore score() {
    String message = MESSAGES[next];
    next = next + 1 == MESSAGES.length ? 0 : next + 1;
    return scorer.score(message, context);
  }
}
