package io.jcalico.bgp.routers;

import java.util.Locale;

/** RFC 4271 §8 session states, as each daemon reports them. */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED;

  /**
   * Parses the state names BIRD and FRR print ("OpenSent", "Established"); anything else
   * (FRR's "Clearing", BIRD's "Close") counts as IDLE: the session is not up.
   */
  public static SessionState parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "connect" -> CONNECT;
      case "active" -> ACTIVE;
      case "opensent" -> OPEN_SENT;
      case "openconfirm" -> OPEN_CONFIRM;
      case "established" -> ESTABLISHED;
      default -> IDLE;
    };
  }
}
