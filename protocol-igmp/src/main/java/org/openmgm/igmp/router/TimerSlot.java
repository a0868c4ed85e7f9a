package org.openmgm.igmp.router;

import org.openmgm.api.Scheduler;

/**
 * One re-armable timer. A generation number guards against a task that fires after it was cancelled or
 * replaced (possible with a real, multi-threaded scheduler). Used only under the router's lock.
 */
final class TimerSlot {
    private Scheduler.Timer timer;
    private long generation;
    private long due = GroupState.STOPPED;

    void cancel() {
        if (timer != null) timer.cancel();
        timer = null;
        due = GroupState.STOPPED;
        generation++;
    }

    long generation() {
        return generation;
    }

    void set(Scheduler.Timer t, long dueNanos) {
        timer = t;
        due = dueNanos;
    }

    /** Called by the task when it runs: true if it is still the armed one (and disarms it). */
    boolean fire(long gen) {
        if (gen != generation || timer == null) return false;
        timer = null;
        due = GroupState.STOPPED;
        return true;
    }

    boolean armed() {
        return timer != null;
    }

    long due() {
        return due;
    }
}
