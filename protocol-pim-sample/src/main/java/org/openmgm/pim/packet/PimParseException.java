package org.openmgm.pim.packet;

/** A PIM message that cannot be accepted; {@link #reason()} names the drop counter. */
public final class PimParseException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a message was dropped; the names are the keys of the drop counters. */
    public enum Reason { TRUNCATED, BAD_VERSION, BAD_CHECKSUM, UNKNOWN_TYPE, BAD_ADDRESS_FAMILY, MALFORMED }

    private final Reason reason;

    public PimParseException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
