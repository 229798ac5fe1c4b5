package io.switchboard.frustration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The language detector")
class LanguageDetectorTest {

  private static final LanguageDetector DETECTOR = LanguageDetector.create();

  @ParameterizedTest(name = "\"{1}\" is {0}")
  @DisplayName("recognises short chat messages")
  @CsvSource(delimiter = '|', textBlock = """
      en | where is my bag
      en | terrible service
      es | dónde está mi maleta
      es | me siento estafado
      ru | где мой багаж
      ru | ужасный сервис
      uk | де мій багаж, дякую
      bg | къде е багажът ми, благодаря
      de | wo ist mein Koffer
      fr | où est ma valise
      pt | onde está a minha mala, obrigado
      und | 12345
      und | 我的行李在哪里
      """)
  void detects(String language, String text) {
    assertThat(DETECTOR.detect(text)).isEqualTo(language);
  }
}
