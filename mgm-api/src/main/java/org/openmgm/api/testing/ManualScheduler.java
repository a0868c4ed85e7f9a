package org.openmgm.api.testing;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.Scheduler;

/**
 * A {@link Scheduler} whose time moves only when a test calls {@link #advance}: due tasks run on the
 * calling thread in time order (ties in scheduling order), so minutes of protocol time take milliseconds
 * and every run is the same.
 */
public final class ManualScheduler implements Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    private final class Task implements Timer, Comparable<Task> {
        final long due;
        final long seq;
        final Runnable body;
        boolean done;

        Task(long due, long seq, Runnable body) {
            this.due = due;
            this.seq = seq;
            this.body = body;
        }

        @Override
        public boolean cancel() {
            synchronized (ManualScheduler.this) {
                if (done) return false;
                done = true;
                queue.remove(this);
                return true;
            }
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Timer schedule(Runnable task, long delay, TimeUnit unit) {
        Task t = new Task(now + Math.max(0, unit.toNanos(delay)), sequence++, task);
        queue.add(t);
        return t;
    }

    /** Moves time forward by {@code d}, running every task that falls due (including ones they schedule). */
    public void advance(Duration d) {
        long target;
        synchronized (this) {
            target = now + d.toNanos();
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    now = target;
                    return;
                }
                queue.poll();
                next.done = true;
                now = next.due;
            }
            next.body.run();
        }
    }

    public void advanceSeconds(long seconds) {
        advance(Duration.ofSeconds(seconds));
    }

    /** Number of tasks waiting. */
    public synchronized int pending() {
        return queue.size();
    }
}
