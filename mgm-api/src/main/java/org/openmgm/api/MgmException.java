package org.openmgm.api;

/** A failed MGM operation; {@link #error()} is the status mgm.h would have returned. */
public class MgmException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final MgmError error;

    public MgmException(MgmError error, String message) {
        super(error + " (" + error.win32() + "): " + message);
        this.error = error;
    }

    public MgmError error() {
        return error;
    }

    public int win32Code() {
        return error.win32();
    }
}
