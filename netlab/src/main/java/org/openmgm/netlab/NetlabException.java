package org.openmgm.netlab;

/** A harness operation failed (a command returned non-zero, timed out, or could not start). */
public class NetlabException extends RuntimeException {
    public NetlabException(String message) {
        super(message);
    }

    public NetlabException(String message, Throwable cause) {
        super(message, cause);
    }
}
