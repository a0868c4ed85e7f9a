/** The DVMRP protocol machine: neighbours, route exchange, designated forwarders, prune/graft state. No OSGi, no I/O. */
package org.openmgm.dvmrp.core;
