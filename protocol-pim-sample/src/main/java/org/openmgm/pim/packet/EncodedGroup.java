package org.openmgm.pim.packet;

import org.openmgm.api.Ipv4;

/** Encoded-Group address (RFC 7761 §4.9.1), IPv4 only. */
public record EncodedGroup(int address, int maskLength, boolean bidirectional, boolean adminScopeZone) {
    public static EncodedGroup of(int group) {
        return new EncodedGroup(group, 32, false, false);
    }

    @Override
    public String toString() {
        return Ipv4.format(address) + "/" + maskLength;
    }
}
