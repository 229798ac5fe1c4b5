package io.switchboard.bot;

import io.switchboard.config.BotConfig;

import java.util.List;

/**
 * The bot's decision settings: answer at or above {@code answerThreshold} when no runner-up comes within
 * {@code ambiguityMargin}, offer choices at or above {@code suggestThreshold}, otherwise fall back. {@code greetingTopics} are the categories offered as quick
 * replies in the greeting and after a fallback.
 */
public record BotPolicy(String name, double answerThreshold, double suggestThreshold, double ambiguityMargin,
                        int maxChoices, List<String> greetingTopics, List<ActionSpec> actions) {

  public static BotPolicy from(BotConfig config) {
    return new BotPolicy(config.name(), config.answerThreshold(), config.suggestThreshold(),
        config.ambiguityMargin(), config.maxChoices(), config.greetingTopics(), config.actions().stream().map(ActionSpec::compile).toList());
  }
}
