package io.jcalico.ipam.check;

/** One inconsistency: what kind, what it is about (a block, handle, address or key), and in words. */
public record Finding(Kind kind, String subject, String message) {

  public enum Kind {
    /** A stored value that cannot be parsed. */
    MALFORMED_VALUE,
    /** A block whose free list and allocations disagree, or that points at missing attributes. */
    BLOCK_CORRUPT,
    /** A handle counts another number of addresses in a block than the block holds for it. */
    HANDLE_COUNT_MISMATCH,
    /** An allocation whose handle has no handle record (or no handle at all). */
    ALLOCATION_WITHOUT_HANDLE,
    /** A handle record that counts nothing. */
    EMPTY_HANDLE,
    /** A block names a host that holds no affinity for it. */
    BLOCK_WITHOUT_AFFINITY,
    /** A block names a host whose affinity for it is still pending (an interrupted claim). */
    UNCONFIRMED_CLAIM,
    /** An affinity for a block that does not exist. */
    AFFINITY_WITHOUT_BLOCK,
    /** An affinity for a block that names another host, or none (two nodes would advertise it). */
    AFFINITY_MISMATCH,
    /** An empty block no host owns: it should have been deleted. */
    EMPTY_UNAFFINE_BLOCK,
    /** Two blocks cover common addresses. */
    OVERLAPPING_BLOCKS,
    /** One address allocated twice. */
    DUPLICATE_ADDRESS,
    /** A block in no configured pool. */
    BLOCK_OUTSIDE_POOLS
  }

  @Override
  public String toString() {
    return kind + " " + subject + ": " + message;
  }
}
