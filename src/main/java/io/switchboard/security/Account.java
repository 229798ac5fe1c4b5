package io.switchboard.security;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** A person who works in Switchboard. {@link #toJson()} never includes the password hash. */
public record Account(UUID id, String username, String displayName, String passwordHash, Set<String> roles,
                      boolean active) {

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("username", username)
        .put("displayName", displayName)
        .put("roles", new JsonArray(new java.util.ArrayList<>(new TreeSet<>(roles))))
        .put("active", active);
  }
}
