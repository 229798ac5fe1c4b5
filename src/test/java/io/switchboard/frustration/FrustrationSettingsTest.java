package io.switchboard.frustration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Frustration settings")
class FrustrationSettingsTest {

  @Test
  @DisplayName("toMap lists every key with its default and fromMap of it gives the defaults back")
  void roundTrip() {
    Map<String, Object> map = FrustrationSettings.defaults().toMap();
    assertThat(map).containsEntry("angryThreshold", 0.75).containsEntry("negationWindow", 3)
        .containsKeys("moodHalfLifeSeconds", "humanRequestedWeight", "waitingGraceSeconds");
    assertThat(FrustrationSettings.fromMap(map)).isEqualTo(FrustrationSettings.defaults());
  }

  @Test
  @DisplayName("fromMap overrides only the keys given")
  void overrides() {
    FrustrationSettings settings = FrustrationSettings.fromMap(Map.of("angryThreshold", 0.9, "waitingGraceSeconds", 30));
    assertThat(settings.angryThreshold()).isEqualTo(0.9);
    assertThat(settings.waitingGraceSeconds()).isEqualTo(30);
    assertThat(settings.frustratedThreshold()).isEqualTo(FrustrationSettings.defaults().frustratedThreshold());
  }

  @ParameterizedTest(name = "{0} = {1} is rejected naming the key")
  @DisplayName("bad keys and values are rejected with the key named")
  @CsvSource(delimiter = '|', textBlock = """
      angryTreshold       | 0.9   | angryTreshold
      angryThreshold      | 1.5   | angryThreshold
      annoyedThreshold    | 0.7   | annoyedThreshold
      negationWindow      | 2.5   | negationWindow
      moodHalfLifeSeconds | 0     | moodHalfLifeSeconds
      shoutingWeight      | -1    | shoutingWeight
      """)
  void rejects(String key, double value, String named) {
    assertThatThrownBy(() -> FrustrationSettings.fromMap(Map.of(key, value)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(named);
  }

  @Test
  @DisplayName("a value that is not a number is rejected naming the key")
  void rejectsNonNumbers() {
    assertThatThrownBy(() -> FrustrationSettings.fromMap(Map.of("shoutingWeight", "loud")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shoutingWeight");
  }
}
