/** IGMP v1/v2/v3 message formats: a bounds-checked parser that never throws, and builders for every message type. */
package org.openmgm.igmp.packet;
