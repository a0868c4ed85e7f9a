package org.openmgm.api.spi;

import java.util.List;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;

/** What the MGM installs in the forwarder for one MFE; an empty oif list makes it negative (drop). */
public record ForwardingEntry(SourceGroup sourceGroup, InterfaceKey incoming, List<InterfaceKey> outgoing) {
    public ForwardingEntry {
        outgoing = List.copyOf(outgoing);
    }
}
