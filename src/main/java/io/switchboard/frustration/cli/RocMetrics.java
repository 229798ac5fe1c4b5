package io.switchboard.frustration.cli;

import java.util.Arrays;

/** ROC AUC and best-threshold F1 of scores against binary labels, computed exactly. */
final class RocMetrics {

  /** The F1 reached when predicting positive for every score at or above {@code threshold}. */
  record BestF1(double f1, double threshold) {
  }

  private RocMetrics() {
  }

  /**
   * Area under the ROC curve by the rank-sum (Mann–Whitney) formula; tied scores share their average rank,
   * so a tie between a positive and a negative counts one half.
   *
   * @throws IllegalArgumentException when there are no positives or no negatives
   */
  static double auc(double[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = sortedIndexes(scores);
    double[] ranks = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1.0;
      for (int k = i; k <= j; k++) {
        ranks[order[k]] = averageRank;
      }
      i = j + 1;
    }
    long positives = 0;
    double positiveRankSum = 0;
    for (int k = 0; k < n; k++) {
      if (labels[k]) {
        positives++;
        positiveRankSum += ranks[k];
      }
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      throw new IllegalArgumentException("AUC needs both classes, found " + positives + " positives and "
          + negatives + " negatives");
    }
    return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  /** The threshold among the observed scores that maximises F1 (predict positive when score >= threshold). */
  static BestF1 bestF1(double[] scores, boolean[] labels) {
    int n = scores.length;
    Integer[] order = sortedIndexes(scores);
    long positives = 0;
    for (boolean label : labels) {
      if (label) {
        positives++;
      }
    }
    double bestF1 = 0;
    double bestThreshold = Double.POSITIVE_INFINITY;
    long truePositives = 0;
    long predicted = 0;
    int i = n - 1;
    while (i >= 0) {
      double threshold = scores[order[i]];
      // take every score tied with this one: one threshold admits all of them
      while (i >= 0 && scores[order[i]] == threshold) {
        predicted++;
        if (labels[order[i]]) {
          truePositives++;
        }
        i--;
      }
      double f1 = positives == 0 ? 0 : 2.0 * truePositives / (predicted + positives);
      if (f1 > bestF1) {
        bestF1 = f1;
        bestThreshold = threshold;
      }
    }
    return new BestF1(bestF1, bestThreshold);
  }

  private static Integer[] sortedIndexes(double[] scores) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    return order;
  }
}
