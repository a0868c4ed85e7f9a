package org.openmgm.launcher;

import java.util.logging.LogManager;

/**
 * The JDK resets java.util.logging from its own shutdown hook (thread {@code LogManager$Cleaner}),
 * which can run before the launcher's hook has logged the framework's shutdown. This manager
 * ignores that reset; {@link Logging#shutdown} closes the handlers last.
 */
public final class ShutdownSafeLogManager extends LogManager {

    public ShutdownSafeLogManager() {}

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) return;
        super.reset();
    }

    void reallyReset() {
        super.reset();
    }
}
