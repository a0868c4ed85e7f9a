package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The start time "ready in" is measured from: the kernel's process age, not ProcessHandle's boot-time-rounded instant. */
class ProcessStartTest {
    @Test
    void theProcessStartIsWithinAFewTicksOfTheJvmsOwnStartTime() {
        Instant jvm = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        Instant process = Main.processStart();
        long diff = Duration.between(process, jvm).toMillis();
        // the process (the fork of surefire's java) starts a few ms before the JVM records its start; /proc
        // counts in 10 ms ticks. ProcessHandle's instant was off by the boot time's lost fraction (up to 1 s).
        assertTrue(diff >= -20 && diff < 100, "process start " + process + " vs JVM start " + jvm + ": " + diff + " ms");
    }
}
