/**
 * The agent side of hand-offs: the agent WebSocket ({@code /ws/agent}, docs/agent-protocol.md) with its live
 * queue, offers, sequenced and resumable conversation streams, messages, internal notes, typing, transfer, close
 * and wrap-up; the supervisor wallboard stream; and the REST API for canned responses, agent profiles, queues and
 * the supervisor snapshot. The hand-off engine itself lives in {@code io.switchboard.handoff}; this package only
 * adapts it to agents' connections.
 */
package io.switchboard.agent;
