package org.openmgm.api.spi;

import org.openmgm.api.InterfaceKey;

/**
 * Events from the forwarder to the MGM. A data plane must not call these from its capture loop
 * directly if that could block it: the MGM runs protocol callbacks inside them.
 */
public interface ForwarderUpcalls {

    /** No MFE matched a data packet of (source, group) that arrived on {@code arrival}. */
    void noCache(int source, int group, InterfaceKey arrival, byte[] packetHeader);

    /** An MFE matched but the packet arrived on {@code arrival}, not on the MFE's incoming interface. */
    void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader);
}
