package io.switchboard.frustration;

import java.util.ArrayList;
import java.util.List;

/** Collects the evidence of one message: the raw sum and the reasons, each with its contribution. */
final class ScoreSheet {

  private record Entry(double contribution, Reason reason) {
  }

  private double raw;
  private List<Entry> entries;

  void add(double contribution, String code, String text) {
    raw += contribution;
    if (entries == null) {
      entries = new ArrayList<>(4);
    }
    entries.add(new Entry(contribution, new Reason(code, text)));
  }

  /** Evidence that lowers the score and is not worth a reason on its own. */
  void subtract(double contribution) {
    raw -= contribution;
  }

  double raw() {
    return raw;
  }

  MessageScore toScore(FrustrationSettings settings, String language, boolean supported) {
    double score = 1.0 / (1.0 + Math.exp(-settings.scoreSteepness() * (raw - settings.scoreMidpoint())));
    List<Reason> reasons;
    if (entries == null) {
      reasons = List.of();
    } else {
      entries.sort((a, b) -> Double.compare(Math.abs(b.contribution), Math.abs(a.contribution)));
      reasons = new ArrayList<>(entries.size());
      for (Entry entry : entries) {
        reasons.add(entry.reason);
      }
    }
    return new MessageScore(score, Level.of(score, settings), language, supported, reasons);
  }
}
