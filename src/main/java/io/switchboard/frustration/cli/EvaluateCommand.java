package io.switchboard.frustration.cli;

import io.switchboard.frustration.ConversationSignals;
import io.switchboard.frustration.FrustrationScorer;
import io.switchboard.frustration.FrustrationSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code evaluate [dir]}: scores every labeled CSV ({@code id,lang,text,label,orig_label}) in a directory
 * (default {@code ../shared/data/frustration}) and prints, per file, the rows, ROC AUC, best-threshold F1 with
 * its threshold, and the best published baseline AUC with our delta, as a markdown table.
 */
public final class EvaluateCommand {

  static final String DEFAULT_DIRECTORY = "../shared/data/frustration";

  /** Best baseline AUC per file, from the data set's README (not ours to change). */
  static final Map<String, Double> BASELINES = Map.of(
      "en_us_airline", 0.784,
      "en_us_airline_csi", 0.765,
      "es_airline", 0.686,
      "ru_sentirueval2015", 0.615,
      "ru_rusentiment", 0.712);

  /** The measurement of one file. */
  record FileResult(String name, int rows, double auc, RocMetrics.BestF1 f1, Double baseline) {
  }

  private EvaluateCommand() {
  }

  /** Runs the command; returns the process exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length > 1) {
      err.println("usage: evaluate [directory]   (default " + DEFAULT_DIRECTORY + ")");
      return 2;
    }
    Path directory = Path.of(args.length == 1 ? args[0] : DEFAULT_DIRECTORY);
    if (!Files.isDirectory(directory)) {
      err.println("evaluate: not a directory: " + directory.toAbsolutePath());
      return 2;
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
    } catch (IOException e) {
      err.println("evaluate: cannot list " + directory + ": " + e.getMessage());
      return 1;
    }
    if (files.isEmpty()) {
      err.println("evaluate: no .csv files in " + directory.toAbsolutePath());
      return 1;
    }
    FrustrationScorer scorer = FrustrationScorer.create(FrustrationSettings.defaults());
    out.println("| file | rows | AUC | best F1 | at threshold | best baseline AUC | delta |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    int status = 0;
    for (Path file : files) {
      try {
        FileResult result = evaluate(scorer, file);
        out.println(row(result));
      } catch (IOException | IllegalArgumentException e) {
        err.println("evaluate: " + file.getFileName() + ": " + e.getMessage());
        status = 1;
      }
    }
    return status;
  }

  static FileResult evaluate(FrustrationScorer scorer, Path file) throws IOException {
    List<Double> scores = new ArrayList<>();
    List<Boolean> labels = new ArrayList<>();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      CsvReader csv = new CsvReader(reader);
      List<String> header = csv.next();
      if (header == null) {
        throw new IllegalArgumentException("empty file");
      }
      int text = header.indexOf("text");
      int label = header.indexOf("label");
      if (text < 0 || label < 0) {
        throw new IllegalArgumentException("header must have 'text' and 'label' columns, was " + header);
      }
      List<String> record;
      while ((record = csv.next()) != null) {
        if (record.size() <= Math.max(text, label)) {
          continue;
        }
        String value = record.get(label).strip();
        if (!value.equals("0") && !value.equals("1")) {
          throw new IllegalArgumentException("label must be 0 or 1, was '" + value + "' in " + record);
        }
        scores.add(scorer.score(EvaluationInput.clean(record.get(text)), ConversationSignals.none()).score());
        labels.add(value.equals("1"));
      }
    }
    double[] s = new double[scores.size()];
    boolean[] l = new boolean[labels.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = scores.get(i);
      l[i] = labels.get(i);
    }
    String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
    return new FileResult(name, s.length, RocMetrics.auc(s, l), RocMetrics.bestF1(s, l), BASELINES.get(name));
  }

  private static String row(FileResult r) {
    String baseline = r.baseline() == null ? "–" : String.format(Locale.ROOT, "%.3f", r.baseline());
    String delta = r.baseline() == null ? "–" : String.format(Locale.ROOT, "%+.3f", r.auc() - r.baseline());
    return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f | %s | %s |",
        r.name(), r.rows(), r.auc(), r.f1().f1(), r.f1().threshold(), baseline, delta);
  }
}
