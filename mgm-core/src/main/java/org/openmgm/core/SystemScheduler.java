package org.openmgm.core;

import java.lang.System.Logger.Level;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.Scheduler;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The real-time {@link Scheduler}: one daemon thread, "openmgm-timer", runs every timer of the router
 * (MFE expiry and the protocols' timers) one at a time. A task that throws is logged and does not stop
 * the others.
 */
@Component(service = Scheduler.class)
public final class SystemScheduler implements Scheduler, AutoCloseable {
    private static final System.Logger LOG = System.getLogger("org.openmgm.core");
    private final ScheduledThreadPoolExecutor executor;

    public SystemScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "openmgm-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Runnable task, long delay, TimeUnit unit) {
        if (executor.isShutdown()) return () -> false;
        ScheduledFuture<?> f = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException | LinkageError e) {
                LOG.log(Level.WARNING, "timer task failed: " + e, e);
            }
        }, delay, unit);
        return () -> f.cancel(false);
    }

    @Deactivate
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
