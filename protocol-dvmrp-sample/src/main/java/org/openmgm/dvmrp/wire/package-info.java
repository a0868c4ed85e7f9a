/** DVMRP packet formats (IGMP type 0x13): parse and build every message of draft-ietf-idmr-dvmrp-v3-11. */
package org.openmgm.dvmrp.wire;
