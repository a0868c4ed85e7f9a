package org.openmgm.api;

/**
 * The in/out timeout of a prune alert, in seconds. Meaningful for MFE-driven alerts
 * ({@code memberDelete == false}): it sets how long the now negative MFE stays in the forwarding
 * cache. Starts at {@link MgmConstants#DEFAULT_MFE_TIMEOUT_SECONDS} (900 s).
 */
public final class PruneTimeout {
    private int seconds;

    public PruneTimeout(int seconds) {
        this.seconds = seconds;
    }

    public int seconds() { return seconds; }

    public void setSeconds(int seconds) {
        if (seconds < 0) throw new IllegalArgumentException("negative timeout " + seconds);
        this.seconds = seconds;
    }
}
