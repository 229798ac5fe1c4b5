package io.switchboard.frustration.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The score command")
class ScoreCommandTest {

  @Test
  @DisplayName("writes one JSON object per input line, and a blank line for a blank line")
  void scoresStdin() {
    String input = "This is terrible, I want a human!!!\n\nпозовите оператора\r\nmerci beaucoup\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ScoreCommand.run(new String[0], new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(4);
    JsonObject first = new JsonObject(lines.get(0));
    assertThat(first.getDouble("score")).isBetween(0.5, 1.0);
    assertThat(first.getString("level")).isIn("frustrated", "angry");
    assertThat(first.getString("language")).isEqualTo("en");
    assertThat(first.getJsonArray("reasons").stream().map(r -> ((JsonObject) r).getString("code")))
        .contains("NEGATIVE_WORDS", "HUMAN_REQUESTED", "REPEATED_PUNCTUATION");
    assertThat(lines.get(1)).isEmpty();
    JsonObject russian = new JsonObject(lines.get(2));
    assertThat(russian.getString("language")).isEqualTo("ru");
    assertThat(russian.getJsonArray("reasons").getJsonObject(0).getString("code")).isEqualTo("HUMAN_REQUESTED");
    JsonObject french = new JsonObject(lines.get(3));
    assertThat(french.getString("language")).isEqualTo("fr");
    assertThat(french.getBoolean("languageSupported")).isFalse();
  }

  @Test
  @DisplayName("rejects arguments with a usage message")
  void rejectsArguments() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = ScoreCommand.run(new String[] {"file.txt"}, new ByteArrayInputStream(new byte[0]),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("file.txt");
  }
}
