package org.openmgm.api;

/** MGM_ENUM_TYPES. */
public enum EnumerationType {
    /** One record per group that has at least one membership (source 0/0). */
    ANY_SOURCE(0),
    /** Every (*,G), (S,G) and (*,*) membership key once. */
    ALL_SOURCES(1);

    private final int value;

    EnumerationType(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }
}
