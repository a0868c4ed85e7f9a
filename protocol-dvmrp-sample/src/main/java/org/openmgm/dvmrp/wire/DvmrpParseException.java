package org.openmgm.dvmrp.wire;

/** A packet that cannot be parsed; {@link #reason()} names the counter it is dropped under. */
public final class DvmrpParseException extends Exception {
    private final DropReason reason;

    public DvmrpParseException(DropReason reason, String detail) {
        super(reason + ": " + detail, null, false, false);
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
