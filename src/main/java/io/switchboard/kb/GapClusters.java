package io.switchboard.kb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Groups knowledge gaps by similarity: two questions of the same language belong together when their sets of
 * stemmed words overlap by at least {@link #MIN_JACCARD} (Jaccard index), so "where is my parcel??" and
 * "my parcel, where is it" count as one gap. Greedy single pass, most recent gaps first; a group's label is its
 * most frequent question. Questions without any searchable word group by their normalised text.
 */
public final class GapClusters {

  static final double MIN_JACCARD = 0.5;
  /** Examples kept per group in the report. */
  static final int MAX_EXAMPLES = 5;

  /** A group of similar gaps. */
  public record Group(String language, String question, int count, Map<String, Integer> reasons,
                      List<String> examples, Set<Long> articleIds, Instant firstAt, Instant lastAt) {
  }

  private GapClusters() {
  }

  /** Groups gaps, largest group first. */
  public static List<Group> group(List<Gap> gaps) {
    List<Builder> builders = new ArrayList<>();
    for (Gap gap : gaps) {
      Set<String> words = words(gap);
      Builder home = null;
      for (Builder builder : builders) {
        if (builder.language.equals(gap.language()) && jaccard(builder.words, words) >= MIN_JACCARD) {
          home = builder;
          break;
        }
      }
      if (home == null) {
        home = new Builder(gap.language(), words);
        builders.add(home);
      }
      home.add(gap);
    }
    return builders.stream()
        .map(Builder::build)
        .sorted(Comparator.comparingInt(Group::count).reversed().thenComparing(Group::lastAt,
            Comparator.reverseOrder()))
        .toList();
  }

  private static Set<String> words(Gap gap) {
    if (!gap.lexemes().isEmpty()) {
      return new HashSet<>(gap.lexemes());
    }
    return Set.of("\u0000" + gap.question().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip());
  }

  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1;
    }
    int common = 0;
    for (String word : a) {
      if (b.contains(word)) {
        common++;
      }
    }
    return (double) common / (a.size() + b.size() - common);
  }

  private static final class Builder {
    final String language;
    final Set<String> words;
    final Map<String, Integer> questions = new LinkedHashMap<>();
    final Map<String, Integer> reasons = new TreeMap<>();
    final Set<Long> articleIds = new LinkedHashSet<>();
    int count;
    Instant firstAt;
    Instant lastAt;

    Builder(String language, Set<String> words) {
      this.language = language;
      this.words = words;
    }

    void add(Gap gap) {
      count++;
      questions.merge(gap.question().strip(), 1, Integer::sum);
      reasons.merge(gap.reason(), 1, Integer::sum);
      if (gap.articleId() != null) {
        articleIds.add(gap.articleId());
      }
      firstAt = firstAt == null || gap.createdAt().isBefore(firstAt) ? gap.createdAt() : firstAt;
      lastAt = lastAt == null || gap.createdAt().isAfter(lastAt) ? gap.createdAt() : lastAt;
    }

    Group build() {
      List<String> byFrequency = questions.entrySet().stream()
          .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
          .map(Map.Entry::getKey)
          .toList();
      return new Group(language, byFrequency.get(0), count, Map.copyOf(reasons),
          byFrequency.subList(0, Math.min(MAX_EXAMPLES, byFrequency.size())), Set.copyOf(articleIds), firstAt,
          lastAt);
    }
  }
}
