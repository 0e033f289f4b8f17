package io.jcalico.ipam;

/**
 * IPAM refused a request for a reason of its own (datastore failures are
 * {@link io.jcalico.datastore.store.DatastoreException}s). Nothing the call would have taken is
 * left allocated.
 */
public abstract sealed class IpamException extends RuntimeException {
  IpamException(String message) {
    super(message);
  }

  /** No enabled pool of the family matches the host and use (or the requested pools). */
  public static final class NoPool extends IpamException {
    public NoPool(String message) {
      super(message);
    }
  }

  /** The eligible pools have no free address this host may use. */
  public static final class Exhausted extends IpamException {
    public Exhausted(String message) {
      super(message);
    }
  }

  /** The host owns maxBlocksPerHost blocks, all full, and strict affinity forbids borrowing. */
  public static final class HostBlockLimit extends IpamException {
    public HostBlockLimit(String message) {
      super(message);
    }
  }

  /** assignIp: the address is already assigned. */
  public static final class AddressInUse extends IpamException {
    public AddressInUse(String message) {
      super(message);
    }
  }

  /** assignIp: the address is in no enabled pool. */
  public static final class NotInPool extends IpamException {
    public NotInPool(String message) {
      super(message);
    }
  }

  /** A release quoted an allocation that is gone (released and reassigned, or another handle's); nothing was released. */
  public static final class StaleRelease extends IpamException {
    public StaleRelease(String message) {
      super(message);
    }
  }

  /** Writers kept winning the compare-and-swap race for longer than the retry bound. */
  public static final class TooMuchContention extends IpamException {
    public TooMuchContention(String message) {
      super(message);
    }
  }
}
