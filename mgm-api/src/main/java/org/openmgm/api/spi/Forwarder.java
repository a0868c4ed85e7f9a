package org.openmgm.api.spi;

import org.openmgm.api.SourceGroup;

/**
 * The forwarding plane as the MGM sees it (the role of the kernel forwarder in RRAS, of ipmr's
 * MFC in Linux). Published as an OSGi service by a data plane; the MGM attaches its upcalls and keeps
 * the forwarder's table equal to its MFE table.
 */
public interface Forwarder {

    /** The MGM gives its upcalls when it binds this forwarder, and null when it unbinds. */
    void attach(ForwarderUpcalls upcalls);

    void install(ForwardingEntry entry);

    void update(ForwardingEntry entry);

    void remove(SourceGroup sourceGroup);

    /** Counters of an installed entry, {@link MfeCounters#ZERO} if unknown. */
    MfeCounters counters(SourceGroup sourceGroup);
}
