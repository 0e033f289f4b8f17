package io.jcalico.bgp.routers;

import inet.ipaddr.IPAddress;

/**
 * One neighbour's session as the daemon sees it.
 *
 * @param lastError the daemon's own words for the last reset or error, empty if none
 */
public record PeerStatus(IPAddress neighbor, SessionState state, String lastError) {

  public boolean established() {
    return state == SessionState.ESTABLISHED;
  }
}
