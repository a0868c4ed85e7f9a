package org.openmgm.api;

/** MGM status codes with their Win32 values (winerror.h). */
public enum MgmError {
    NO_ERROR(0),
    NOT_ENOUGH_MEMORY(8),
    INVALID_PARAMETER(87),
    INSUFFICIENT_BUFFER(122),
    ALREADY_EXISTS(183),
    MORE_DATA(234),
    NO_MORE_ITEMS(259),
    CAN_NOT_COMPLETE(1003),
    NOT_FOUND(1168);

    private final int win32;

    MgmError(int win32) {
        this.win32 = win32;
    }

    public int win32() {
        return win32;
    }

    public static MgmError ofWin32(int code) {
        for (MgmError e : values()) if (e.win32 == code) return e;
        throw new IllegalArgumentException("not an MGM status: " + code);
    }
}
