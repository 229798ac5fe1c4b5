package io.switchboard.kb;

import io.vertx.core.json.JsonObject;

/** What an import did: articles created, changed, and left alone because nothing differed. */
public record ImportResult(int created, int updated, int unchanged) {

  public JsonObject toJson() {
    return new JsonObject().put("created", created).put("updated", updated).put("unchanged", unchanged);
  }
}
