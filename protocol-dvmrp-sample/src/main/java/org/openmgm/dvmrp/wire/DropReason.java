package org.openmgm.dvmrp.wire;

/** Why a received DVMRP packet was dropped; each reason has its own counter ({@code dvmrp:stats}). */
public enum DropReason {
    /** The IPv4 header is implausible (version, header length, total length). */
    BAD_IP_HEADER,
    /** Shorter than the 8-byte DVMRP header. */
    TOO_SHORT,
    /** The IGMP checksum over the DVMRP message does not verify. */
    BAD_CHECKSUM,
    /** A DVMRP code this router does not implement (e.g. the old ask-neighbors/neighbors, mtrace is not DVMRP). */
    UNKNOWN_CODE,
    /** The body ends inside a field. */
    TRUNCATED,
    /** Bytes left over after the last field of a fixed-format message. */
    TRAILING_DATA,
    /** A route report entry with a non-contiguous mask, host bits set in the origin, or metric 0. */
    BAD_ROUTE,
    /** Major version below 3 (no generation id, no prunes). */
    OLD_VERSION,
    /** From one of this router's own addresses (looped back). */
    FROM_SELF,
    /** The sender is not on the arrival interface's subnet. */
    NOT_ON_LINK,
    /** A report, prune or graft from a router without a two-way adjacency. */
    NOT_NEIGHBOR,
    /** A prune or graft for a source this router has no route to. */
    NO_ROUTE,
    /** A prune from a router that is not a dependent downstream neighbour for the source. */
    NOT_DEPENDENT,
    /** Arrived on an interface DVMRP does not run on. */
    NOT_DVMRP_INTERFACE
}
