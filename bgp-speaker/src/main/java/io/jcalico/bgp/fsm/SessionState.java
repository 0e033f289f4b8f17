package io.jcalico.bgp.fsm;

/** RFC 4271 §8.2.2 states, in the order a session climbs them. */
public enum SessionState {
    IDLE, CONNECT, ACTIVE, OPEN_SENT, OPEN_CONFIRM, ESTABLISHED
}
