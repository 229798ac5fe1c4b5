package io.switchboard.kb;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Knowledge gaps grouped by similarity")
class GapClustersTest {

  private static Gap gap(String language, String question, List<String> lexemes, String reason) {
    return new Gap(1, language, question, lexemes, reason, null, Instant.parse("2025-01-01T00:00:00Z"));
  }

  @Test
  @DisplayName("questions sharing most of their words form one group per language, largest first")
  void groups() {
    List<GapClusters.Group> groups = GapClusters.group(List.of(
        gap("en", "can I bring my dog", List.of("bring", "dog"), Gap.FALLBACK),
        gap("en", "can i bring my dog??", List.of("bring", "dog"), Gap.FALLBACK),
        gap("en", "dog allowed? bring it", List.of("allow", "bring", "dog"), Gap.UNHELPFUL),
        gap("es", "puedo llevar mi perro", List.of("llev", "perr"), Gap.FALLBACK),
        gap("en", "do you sell paint", List.of("paint", "sell"), Gap.FALLBACK),
        gap("en", "???", List.of(), Gap.FALLBACK)));
    assertThat(groups).hasSize(4);
    assertThat(groups.get(0).count()).isEqualTo(3);
    assertThat(groups.get(0).reasons()).containsEntry("fallback", 2).containsEntry("unhelpful", 1);
    assertThat(groups).extracting(GapClusters.Group::language).containsOnly("en", "es");
  }
}
