package io.switchboard.handoff;

import java.util.List;

/**
 * Hand-off configuration (the {@code handoff} section).
 *
 * @param offerTimeoutMs how long an agent has to accept an offer before it goes to the next agent (and the agent is
 *     set to away, as a missed offer usually means they stepped away)
 * @param agentGraceMs how long an agent may be unheard of (no connection heartbeat) before their chats are
 *     re-queued at the front
 * @param presenceHeartbeatMs how often a connected agent's node refreshes their presence
 * @param dispatchIntervalMs how often every node's dispatcher and sweeps run (they also run when woken)
 * @param frustrationThreshold conversation frustration level that escalates to a human
 * @param fallbacksBeforeEscalation consecutive bot fallbacks that escalate
 * @param frustrationWeight priority points per unit of frustration (see {@link PriorityPolicy})
 * @param agingPerMinute priority points per minute waited
 * @param defaultHandleSeconds handling time assumed for wait estimates before any chat was closed
 * @param wrapUpMs how long a closed chat stays in wrap-up before it is finished automatically
 * @param topics escalation topics: {@code skill=regex}; a visitor message matching escalates to that skill
 */
public record HandoffSettings(long offerTimeoutMs, long agentGraceMs, long presenceHeartbeatMs,
                              long dispatchIntervalMs, double frustrationThreshold, int fallbacksBeforeEscalation,
                              double frustrationWeight, double agingPerMinute, int defaultHandleSeconds,
                              long wrapUpMs, List<String> topics) {

  public PriorityPolicy priority() {
    return new PriorityPolicy(frustrationWeight, agingPerMinute);
  }
}
