package org.openmgm.api;

import java.util.concurrent.TimeUnit;

/**
 * The clock and timers every OpenMGM component uses (MFE expiry, IGMP, PIM, DVMRP), so that tests can
 * run minutes of protocol time in milliseconds with a manual implementation. Tasks run one at a time
 * on the scheduler's thread and must be short; they may call the MGM.
 */
public interface Scheduler {

    /** Monotonic time in nanoseconds. */
    long nanoTime();

    default long millis() {
        return TimeUnit.NANOSECONDS.toMillis(nanoTime());
    }

    /** Runs {@code task} once after {@code delay}. */
    Timer schedule(Runnable task, long delay, TimeUnit unit);

    /** Runs {@code task} every {@code period}, first after one period. */
    default Timer scheduleAtFixedRate(Runnable task, long period, TimeUnit unit) {
        final class Repeating implements Timer, Runnable {
            volatile boolean cancelled;
            volatile Timer current;

            @Override
            public void run() {
                if (cancelled) return;
                try {
                    task.run();
                } finally {
                    if (!cancelled) current = schedule(this, period, unit);
                }
            }

            @Override
            public boolean cancel() {
                cancelled = true;
                Timer t = current;
                return t == null || t.cancel();
            }
        }
        Repeating r = new Repeating();
        r.current = schedule(r, period, unit);
        return r;
    }

    /** A scheduled task. */
    interface Timer {
        /** Cancels the task; false if it already ran or was cancelled. */
        boolean cancel();
    }
}
