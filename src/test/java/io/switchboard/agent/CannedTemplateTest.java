package io.switchboard.agent;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Canned response placeholders")
class CannedTemplateTest {

  private static final Map<String, String> VALUES = Map.of("visitor.name", "Ana", "agent.name", "Alex Agent",
      "agent.firstName", "Alex", "conversation.id", "c-1");

  @ParameterizedTest(name = "\"{0}\" → \"{1}\" (missing: {2})")
  @CsvSource(delimiter = ';', value = {
      "Hi {visitor.name}, I am {agent.firstName}.; Hi Ana, I am Alex.; ''",
      "Dear {visitor.email|customer}; Dear customer; ''",
      "Mail: {visitor.email}; 'Mail: '; visitor.email",
      "Price {5} and {json} stay; Price {5} and {json} stay; ''",
      "Unknown {order.id} stays; Unknown {order.id} stays; ''",
      "$ and \\\\ are literal: {agent.name}; $ and \\\\ are literal: Alex Agent; ''"})
  void renders(String template, String expected, String missing) {
    CannedTemplate.Rendered rendered = CannedTemplate.render(template, VALUES);
    assertThat(rendered.text()).isEqualTo(expected);
    List<String> expectedMissing = missing.isEmpty() ? List.of() : Arrays.asList(missing.split(","));
    assertThat(rendered.missing()).isEqualTo(expectedMissing);
  }

  @ParameterizedTest(name = "\"{0}\" has unknown placeholders [{1}]")
  @CsvSource(delimiter = ';', value = {
      "Hi {visitor.name|there}; ''",
      "Order {order.id} for {visitor.nmae}; order.id,visitor.nmae",
      "Braces {like this} are text; ''"})
  void validates(String template, String unknown) {
    List<String> expected = unknown.isEmpty() ? List.of() : Arrays.asList(unknown.split(","));
    assertThat(CannedTemplate.unknownPlaceholders(template)).isEqualTo(expected);
  }
}
