package io.switchboard.handoff;

import java.util.Locale;

/**
 * Who owns a conversation after the bot: the hand-off's state machine.
 * <pre>
 *   QUEUED ──offer──▶ OFFERED ──accept──▶ ASSIGNED ──close──▶ WRAP_UP ──finish──▶ CLOSED
 *     ▲  ▲              │ decline/timeout     │ agent lost (front), transfer to queue
 *     │  └──────────────┘                     │
 *     └───────────────────────────────────────┘
 *   QUEUED ──pick (manual)──▶ ASSIGNED        ASSIGNED ──transfer to agent──▶ OFFERED (to that agent)
 *   QUEUED ──nobody online / max wait──▶ OFFLINE ──follow-up──▶ CLOSED
 * </pre>
 * The conversation's status mirrors the state; the bot speaks only while the status is {@code open}.
 */
public enum HandoffState {
  QUEUED, OFFERED, ASSIGNED, WRAP_UP, CLOSED, OFFLINE;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static HandoffState fromCode(String code) {
    return valueOf(code.toUpperCase(Locale.ROOT));
  }
}
