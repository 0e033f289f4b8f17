package io.jcalico.felix.cni;

/** The host interface name is held by a link that is not ours to remove. */
public class InterfaceInUseException extends AttachException {
  private final String ifName;

  public InterfaceInUseException(String ifName, String message) {
    super(message, false);
    this.ifName = ifName;
  }

  public String ifName() {
    return ifName;
  }
}
