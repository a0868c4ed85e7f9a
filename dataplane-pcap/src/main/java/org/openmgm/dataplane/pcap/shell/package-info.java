/** The {@code dataplane:*} Gogo commands (interfaces, installed entries, counters), text or JSON. */
package org.openmgm.dataplane.pcap.shell;
