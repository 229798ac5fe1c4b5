package io.switchboard.agent;

import io.switchboard.gateway.VisitorServices;
import io.switchboard.handoff.HandoffService;

import java.util.function.Supplier;

/**
 * What an agent session needs, wired once per gateway verticle: the gateway's shared services (the same log,
 * conversation feed, tokens, limits and metrics visitors use), the hand-off engine, the agent SQL, the hub of
 * this verticle's agent sessions and the current knowledge-base suggestion source.
 */
record AgentServices(VisitorServices gateway, HandoffService handoffs, AgentRepository repository, AgentHub hub,
                     Supplier<SuggestionSource> suggestions) {
}
