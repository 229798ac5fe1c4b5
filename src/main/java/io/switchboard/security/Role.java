package io.switchboard.security;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in person may do. Admin implies supervisor; supervisor implies agent. */
public enum Role {
  AGENT, SUPERVISOR, ADMIN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromCode(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** Whether a holder of this role may act with {@code required}. */
  public boolean includes(Role required) {
    return ordinal() >= required.ordinal();
  }
}
