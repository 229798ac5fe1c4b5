package io.switchboard.handoff;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** A hand-off row: where it waits, who has it, and the context packet the agent sees. */
public record Handoff(UUID id, UUID conversationId, String queueId, HandoffState state, String reason,
                      String language, String skill, double frustration, Instant enqueuedAt, boolean front,
                      UUID offeredTo, Instant offerExpiresAt, UUID assignedTo, JsonObject packet) {

  public JsonObject toJson(Instant now) {
    JsonObject json = new JsonObject()
        .put("id", id.toString())
        .put("conversationId", conversationId.toString())
        .put("queue", queueId)
        .put("state", state.code())
        .put("reason", reason)
        .put("language", language)
        .put("skill", skill)
        .put("frustration", Math.round(frustration * 1000) / 1000.0)
        .put("enqueuedAt", enqueuedAt.toString())
        .put("waitedSeconds", Math.max(0, now.getEpochSecond() - enqueuedAt.getEpochSecond()));
    if (offeredTo != null) {
      json.put("offeredTo", offeredTo.toString()).put("offerExpiresAt", offerExpiresAt.toString());
    }
    if (assignedTo != null) {
      json.put("assignedTo", assignedTo.toString());
    }
    return json;
  }
}
