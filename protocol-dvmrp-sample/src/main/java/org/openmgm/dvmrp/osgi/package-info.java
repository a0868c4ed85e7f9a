/** OSGi glue: the DS component (MgmProtocol, PacketListener, MulticastRib), its configuration and the dvmrp:* commands. */
package org.openmgm.dvmrp.osgi;
