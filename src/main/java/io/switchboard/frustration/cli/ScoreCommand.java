package io.switchboard.frustration.cli;

import io.switchboard.frustration.ConversationSignals;
import io.switchboard.frustration.FrustrationScorer;
import io.switchboard.frustration.FrustrationSettings;
import io.switchboard.frustration.MessageScore;
import io.switchboard.frustration.Reason;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code score}: reads one message per line (UTF-8) from standard input and writes one JSON object per line:
 * {@code {"score":0.73,"level":"frustrated","language":"en","languageSupported":true,"reasons":[...]}}.
 * Each line is scored on its own (no conversation context). A blank line is echoed as a blank line, so that
 * output line N always answers input line N.
 */
public final class ScoreCommand {

  private ScoreCommand() {
  }

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, FrustrationSettings.defaults());
  }

  /** Runs the command with the given (configured) settings; returns the process exit code. */
  public static int run(String[] args, InputStream in, PrintStream out, PrintStream err,
                        FrustrationSettings settings) {
    if (args.length > 0 && (args[0].equals("-h") || args[0].equals("--help"))) {
      out.println("usage: score < messages.txt   (one message per line in, one JSON object per line out)");
      return 0;
    }
    if (args.length > 0) {
      err.println("score: unexpected argument '" + args[0] + "' (messages are read from standard input)");
      return 2;
    }
    FrustrationScorer scorer = FrustrationScorer.create(settings);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank()) {
          out.println();
          continue;
        }
        out.println(toJson(scorer.score(line, ConversationSignals.none())).encode());
      }
    } catch (IOException e) {
      err.println("score: cannot read standard input: " + e.getMessage());
      return 1;
    }
    out.flush();
    return 0;
  }

  /** The JSON form of a score, as the gateway also sends it. */
  public static JsonObject toJson(MessageScore score) {
    JsonArray reasons = new JsonArray();
    for (Reason reason : score.reasons()) {
      reasons.add(new JsonObject().put("code", reason.code()).put("text", reason.text()));
    }
    return new JsonObject()
        .put("score", Math.round(score.score() * 1000.0) / 1000.0)
        .put("level", score.level().code())
        .put("language", score.language())
        .put("languageSupported", score.languageSupported())
        .put("reasons", reasons);
  }
}
