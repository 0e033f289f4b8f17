package io.jcalico.felix.cni;

/**
 * Error codes of CNI results: 1-99 are the specification's (1.0.0, plus 50/51 from 1.1.0 for
 * STATUS), 100 and up are ours. A runtime retries on {@link #TRY_AGAIN_LATER}.
 */
public enum CniErrorCode {
  INCOMPATIBLE_VERSION(1),
  UNSUPPORTED_FIELD(2),
  UNKNOWN_CONTAINER(3),
  INVALID_ENVIRONMENT(4),
  IO_FAILURE(5),
  DECODE_FAILURE(6),
  INVALID_NETWORK_CONFIG(7),
  TRY_AGAIN_LATER(11),
  PLUGIN_NOT_AVAILABLE(50),
  /** Ours: a bug or an unexpected exception in the daemon. */
  INTERNAL(100),
  /** Ours: IPAM could not assign or release (pool exhausted, no pool, ...). */
  IPAM_FAILURE(101),
  /** Ours: the host interface name is held by another link. */
  INTERFACE_IN_USE(102),
  /** Ours: creating or removing the veth pair, its addresses or routes failed. */
  DATAPLANE_FAILURE(103),
  /** Ours: the WorkloadEndpoint could not be written or deleted. */
  DATASTORE_FAILURE(104),
  /** Ours: CHECK found the attachment differs from what ADD made. */
  CHECK_FAILED(105);

  private final int code;

  CniErrorCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
