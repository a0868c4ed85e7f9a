package org.openmgm.igmp.packet;

/** IGMPv3 group record types (RFC 3376 §4.2.12). */
public enum RecordType {
    MODE_IS_INCLUDE(1, "IS_IN"),
    MODE_IS_EXCLUDE(2, "IS_EX"),
    CHANGE_TO_INCLUDE_MODE(3, "TO_IN"),
    CHANGE_TO_EXCLUDE_MODE(4, "TO_EX"),
    ALLOW_NEW_SOURCES(5, "ALLOW"),
    BLOCK_OLD_SOURCES(6, "BLOCK");

    private final int code;
    private final String shortName;

    RecordType(int code, String shortName) {
        this.code = code;
        this.shortName = shortName;
    }

    public int code() {
        return code;
    }

    /** The RFC's short name (IS_IN, TO_EX, ...), used in statistics and logs. */
    public String shortName() {
        return shortName;
    }

    /** The record type for {@code code}, or null for a value RFC 3376 says to ignore. */
    public static RecordType of(int code) {
        return code >= 1 && code <= 6 ? values()[code - 1] : null;
    }
}
