/**
 * Hand-written FFM bindings to libpcap ({@code libpcap.so.0.8}, loaded with
 * {@link java.lang.foreign.SymbolLookup#libraryLookup(String, java.lang.foreign.Arena)} so that the
 * library is tied to an arena, not to a class loader) and to libc's {@code poll}. Internal to the
 * data plane.
 */
package org.openmgm.dataplane.pcap.ffm;
