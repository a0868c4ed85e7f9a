package org.openmgm.igmp.packet;

/** IGMP message type numbers (IANA "IGMP Type Numbers"). */
public final class IgmpType {
    private IgmpType() {}

    public static final int MEMBERSHIP_QUERY = 0x11;
    public static final int V1_MEMBERSHIP_REPORT = 0x12;
    /** DVMRP (RFC 1075 and its drafts) rides on IGMP type 0x13: not ours, ignored silently. */
    public static final int DVMRP = 0x13;
    public static final int V2_MEMBERSHIP_REPORT = 0x16;
    public static final int V2_LEAVE_GROUP = 0x17;
    /** Multicast traceroute response and query (mtrace): not ours, ignored silently. */
    public static final int MTRACE_RESPONSE = 0x1E;
    public static final int MTRACE_QUERY = 0x1F;
    public static final int V3_MEMBERSHIP_REPORT = 0x22;

    /** 224.0.0.1, all systems: destination of general queries. */
    public static final int ALL_SYSTEMS = 0xE0000001;
    /** 224.0.0.2, all routers: destination of v2 leaves. */
    public static final int ALL_ROUTERS = 0xE0000002;
    /** 224.0.0.22, all IGMPv3-capable routers: destination of v3 reports. */
    public static final int ALL_V3_ROUTERS = 0xE0000016;
}
