package io.switchboard.frustration.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Evaluation")
class EvaluateCommandTest {

  @Test
  @DisplayName("AUC of a perfect, an inverted and a random-like ranking")
  void aucExtremes() {
    boolean[] labels = {false, false, true, true};
    assertThat(RocMetrics.auc(new double[] {0.1, 0.2, 0.8, 0.9}, labels)).isEqualTo(1.0);
    assertThat(RocMetrics.auc(new double[] {0.9, 0.8, 0.2, 0.1}, labels)).isEqualTo(0.0);
    assertThat(RocMetrics.auc(new double[] {0.5, 0.5, 0.5, 0.5}, labels)).isEqualTo(0.5);
  }

  @Test
  @DisplayName("AUC counts ties between a positive and a negative as one half")
  void aucTies() {
    // pairs (pos, neg): (0.3 vs 0.1) win, (0.3 vs 0.3) tie, (0.7 vs 0.1) win, (0.7 vs 0.3) win -> 3.5 / 4
    assertThat(RocMetrics.auc(new double[] {0.1, 0.3, 0.3, 0.7}, new boolean[] {false, false, true, true}))
        .isCloseTo(0.875, within(1e-12));
    // 3 positives, 2 negatives, hand-counted: 5 wins of 6 pairs
    assertThat(RocMetrics.auc(new double[] {0.2, 0.6, 0.4, 0.8, 0.9}, new boolean[] {false, false, true, true, true}))
        .isCloseTo(5.0 / 6.0, within(1e-12));
  }

  @Test
  @DisplayName("best-threshold F1 picks the threshold that maximises F1, ties admitted together")
  void bestF1() {
    double[] scores = {0.1, 0.4, 0.4, 0.6, 0.9};
    boolean[] labels = {false, true, false, true, true};
    // >= 0.9: P=1 R=1/3 F1=0.5; >= 0.6: P=1 R=2/3 F1=0.8; >= 0.4: P=3/4 R=1 F1=6/7; >= 0.1: P=3/5 R=1 F1=0.75
    RocMetrics.BestF1 best = RocMetrics.bestF1(scores, labels);
    assertThat(best.f1()).isCloseTo(6.0 / 7.0, within(1e-12));
    assertThat(best.threshold()).isEqualTo(0.4);
  }

  @Test
  @DisplayName("the CSV reader handles quotes, doubled quotes, commas and line breaks inside fields, and CRLF")
  void csv() throws IOException {
    CsvReader reader = new CsvReader(new StringReader(
        "id,text,label\r\n1,\"hello, \"\"you\"\"\r\nsecond line\",1\r\n2,plain,0\n3,,0"));
    assertThat(reader.next()).containsExactly("id", "text", "label");
    assertThat(reader.next()).containsExactly("1", "hello, \"you\"\r\nsecond line", "1");
    assertThat(reader.next()).containsExactly("2", "plain", "0");
    assertThat(reader.next()).containsExactly("3", "", "0");
    assertThat(reader.next()).isNull();
  }

  @Test
  @DisplayName("publisher artefacts are undone before scoring")
  void cleansInput() {
    assertThat(EvaluationInput.clean("my flight was Cancelled Flighted &amp; Late Flightr")).isEqualTo("my flight was canceled & later");
  }

  @Test
  @DisplayName("evaluate prints a markdown row per CSV file with AUC, F1 and the baseline delta")
  void evaluatesDirectory(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("en_us_airline.csv"), String.join("\r\n", List.of(
        "id,lang,text,label,orig_label",
        "1,en,\"This is terrible, worst airline ever!!!\",1,negative",
        "2,en,\"Thanks, great flight\",0,positive",
        "3,en,\"I hate waiting, still no answer\",1,negative",
        "4,en,What time is boarding?,0,neutral")));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = EvaluateCommand.run(new String[] {dir.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(new ByteArrayOutputStream()));
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(table).contains("| file | rows | AUC |").contains("| en_us_airline | 4 | 1.000 | 1.000 |")
        .contains("| 0.784 | +0.216 |");
  }
}
