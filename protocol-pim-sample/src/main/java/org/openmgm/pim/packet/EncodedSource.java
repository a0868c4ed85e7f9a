package org.openmgm.pim.packet;

import org.openmgm.api.Ipv4;

/**
 * Encoded-Source address (RFC 7761 §4.9.1): S (sparse), W (wildcard: the RP of a (*,G) entry) and
 * R (RPT: the entry is sent towards the RP).
 */
public record EncodedSource(int address, int maskLength, boolean sparse, boolean wildcard, boolean rpt) {
    /** (S,G) entry of a join or prune towards S. */
    public static EncodedSource source(int s) {
        return new EncodedSource(s, 32, true, false, false);
    }

    /** (*,G) entry: the RP's address with W and R set. */
    public static EncodedSource rp(int rp) {
        return new EncodedSource(rp, 32, true, true, true);
    }

    /** (S,G,rpt) entry. */
    public static EncodedSource sourceRpt(int s) {
        return new EncodedSource(s, 32, true, false, true);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + maskLength + (sparse ? "S" : "") + (wildcard ? "W" : "") + (rpt ? "R" : "");
    }
}
