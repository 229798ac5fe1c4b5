package io.switchboard.gateway;

import io.switchboard.chat.ConversationFeed;
import io.switchboard.chat.ConversationLog;
import io.switchboard.config.SwitchboardConfig.VisitorLimits;
import io.switchboard.frustration.live.LiveScoring;
import io.switchboard.handoff.HandoffService;
import io.switchboard.metrics.GatewayMetrics;
import io.switchboard.persistence.ConversationRepository;
import io.switchboard.persistence.VisitorRepository;
import io.switchboard.security.TokenService;
import io.vertx.core.Vertx;

/** What a visitor session needs, wired once per gateway verticle. */
public record VisitorServices(Vertx vertx, VisitorLimits limits, TokenService tokens, VisitorRepository visitors,
                              ConversationRepository conversations, ConversationLog log, ConversationFeed feed,
                              GatewayMetrics metrics, LiveScoring scoring, HandoffService handoffs) {
}
