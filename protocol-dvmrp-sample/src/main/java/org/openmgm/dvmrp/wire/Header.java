package org.openmgm.dvmrp.wire;

/**
 * The second word of every DVMRP message: a reserved byte, the capability flags (in the low byte of
 * the draft's 16-bit Reserved field, where mrouted and Wireshark put them), and the minor and major
 * version. The first word (type 0x13, code, checksum) is implied by the message kind and computed on build.
 */
public record Header(int reserved, int capabilities, int minor, int major) {
    public static final int CAP_LEAF = 0x01;
    public static final int CAP_PRUNE = 0x02;
    public static final int CAP_GENID = 0x04;
    public static final int CAP_MTRACE = 0x08;
    public static final int CAP_SNMP = 0x10;
    public static final int CAP_NETMASK = 0x20;

    /** What this router sends: version 3.255 as mrouted 3.9, prune + genid + netmask capable. */
    public static final Header OPENMGM = new Header(0, CAP_PRUNE | CAP_GENID | CAP_NETMASK, 0xFF, 3);

    public Header {
        check("reserved", reserved);
        check("capabilities", capabilities);
        check("minor", minor);
        check("major", major);
    }

    private static void check(String name, int v) {
        if (v < 0 || v > 255) throw new IllegalArgumentException(name + " out of range: " + v);
    }

    public boolean has(int capability) {
        return (capabilities & capability) != 0;
    }
}
