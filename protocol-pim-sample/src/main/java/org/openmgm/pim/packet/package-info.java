/**
 * PIMv2 message formats (RFC 7761 §4.9; Graft/Graft-Ack from RFC 3973, parsed only): immutable
 * records, one bounds-checked parser and one encoder. Nothing here does I/O.
 */
package org.openmgm.pim.packet;
