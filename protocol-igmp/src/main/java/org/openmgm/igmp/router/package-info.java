/**
 * The IGMP protocol state machines, free of OSGi and I/O: {@link org.openmgm.igmp.router.IgmpRouter} is fed
 * parsed packets and timer events (through {@link org.openmgm.api.Scheduler}) and produces packets to send and
 * MGM membership changes through {@link org.openmgm.igmp.router.RouterOutput}.
 */
package org.openmgm.igmp.router;
