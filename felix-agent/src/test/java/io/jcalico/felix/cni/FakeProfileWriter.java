package io.jcalico.felix.cni;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The networks whose profiles exist, and every network asked about, in order. */
final class FakeProfileWriter implements ProfileWriter {
  final Set<String> profiles = new LinkedHashSet<>();
  final List<String> asked = new ArrayList<>();
  AttachException failCreate;

  @Override
  public synchronized boolean createIfAbsent(String network) throws AttachException {
    asked.add(network);
    if (profiles.contains(network)) {
      return false;
    }
    if (failCreate != null) {
      throw failCreate;
    }
    profiles.add(network);
    return true;
  }
}
