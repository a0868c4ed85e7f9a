package org.openmgm.api;

/** The flag and enumeration values of mgm.h and routprot.h. */
public final class MgmConstants {
    private MgmConstants() {}

    /** Change the membership record and every MFE it covers. */
    public static final int MGM_JOIN_STATE_FLAG = 0x1;
    /** Change only the oif list of the one MFE for (source, group). */
    public static final int MGM_FORWARD_STATE_FLAG = 0x2;
    public static final int MGM_MFE_STATS_0 = 1;
    public static final int MGM_MFE_STATS_1 = 2;
    public static final int ANY_SOURCE = 0;
    public static final int ALL_SOURCES = 1;

    public static final int PROTO_IP_MSDP = 9;
    public static final int PROTO_IP_IGMP = 10;
    public static final int PROTO_IP_BGMP = 11;

    /** Default lifetime in seconds of an MFE and the default value of a prune alert's timeout. */
    public static final int DEFAULT_MFE_TIMEOUT_SECONDS = 900;
}
