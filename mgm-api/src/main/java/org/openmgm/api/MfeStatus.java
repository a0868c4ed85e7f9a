package org.openmgm.api;

/**
 * GetMfeStatus codes (routprot.h). A protocol answers with the numerically highest code that applies
 * ({@link #highest}).
 */
public enum MfeStatus {
    NO_ERROR(0), REACHED_CORE(1), NOT_FORWARDING(2), WRONG_IF(3), PRUNED_UPSTREAM(4), OIF_PRUNED(5),
    BOUNDARY_REACHED(6), NO_MULTICAST(7), IIF(8), NO_ROUTE(9), NOT_LAST_HOP(10), OLD_ROUTER(11),
    PROHIBITED(12), NO_SPACE(13);

    private final int code;

    MfeStatus(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The numerically highest of the applicable codes, NO_ERROR if none. */
    public static MfeStatus highest(MfeStatus... applicable) {
        MfeStatus best = NO_ERROR;
        for (MfeStatus s : applicable) if (s.code > best.code) best = s;
        return best;
    }
}
