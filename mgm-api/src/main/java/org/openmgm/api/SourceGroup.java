package org.openmgm.api;

/**
 * The key of a multicast forwarding entry: one source, one group. MFEs are ordered by group, then
 * source, both compared as unsigned addresses (mgm.h's enumeration order).
 */
public record SourceGroup(int source, int group) implements Comparable<SourceGroup> {

    /** Order-preserving packing: group in the high half, source in the low half; compare with {@link Long#compareUnsigned}. */
    public long packed() {
        return pack(source, group);
    }

    public static long pack(int source, int group) {
        return ((long) group << 32) | (source & 0xFFFFFFFFL);
    }

    public static SourceGroup unpack(long packed) {
        return new SourceGroup((int) packed, (int) (packed >>> 32));
    }

    public static SourceGroup parse(String source, String group) {
        return new SourceGroup(Ipv4.parse(source), Ipv4.parse(group));
    }

    @Override
    public int compareTo(SourceGroup o) {
        return Long.compareUnsigned(packed(), o.packed());
    }

    @Override
    public String toString() {
        return "(" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")";
    }
}
