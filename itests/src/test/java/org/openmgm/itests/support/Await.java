package org.openmgm.itests.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling: every wait in these tests ends, with a message saying what did not happen. */
public final class Await {
    private Await() {}

    public static final Duration DEFAULT = Duration.ofSeconds(10);

    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(what, timeout, condition, null);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}; on time-out the message ends with {@code diagnostics}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostics) {
        long end = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
                last = null;
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > end) {
                String extra = "";
                if (diagnostics != null) {
                    try {
                        extra = "\n" + diagnostics.get();
                    } catch (RuntimeException e) {
                        extra = "\n(diagnostics failed: " + e + ")";
                    }
                }
                AssertionError err = new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for: " + what + extra);
                if (last != null) err.initCause(last);
                throw err;
            }
            sleep(20);
        }
    }

    /** Waits until {@code value} is non-null and returns it. */
    public static <T> T value(String what, Duration timeout, Supplier<T> value) {
        Object[] box = new Object[1];
        until(what, timeout, () -> (box[0] = value.get()) != null);
        @SuppressWarnings("unchecked")
        T t = (T) box[0];
        return t;
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
