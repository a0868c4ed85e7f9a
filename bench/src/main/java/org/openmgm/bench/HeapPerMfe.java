package org.openmgm.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * (e) Heap bytes per MFE with 2 oifs: builds the {@link BenchWorld} (no MFEs), measures the used heap after
 * repeated full GCs, creates N MFEs, measures again, and prints {@code heap <N> <bytes> <bytes/MFE>} per N.
 * Then, with JOL, the retained footprint of the engine per class for a smaller table (where each
 * byte goes). Run with a fixed heap, e.g. {@code java -Xms4g -Xmx4g -cp benchmarks.jar org.openmgm.bench.HeapPerMfe 1000000}.
 */
public final class HeapPerMfe {
    private HeapPerMfe() {}

    public static void main(String[] args) throws Exception {
        int[] sizes = args.length == 0 ? new int[] {10_000, 100_000, 1_000_000} : java.util.Arrays.stream(args).filter(a -> !a.startsWith("-")).mapToInt(Integer::parseInt).toArray();
        boolean jol = java.util.Arrays.asList(args).contains("--jol");
        for (int n : sizes) {
            BenchWorld world = new BenchWorld();
            // Warm the creation path on a separate engine so JIT/class metadata is not counted as MFE heap.
            new BenchWorld().createMfes(0, 20_000).close();
            long before = usedAfterGc();
            world.createMfes(0, n);
            long after = usedAfterGc();
            world.check(n);
            long bytes = after - before;
            System.out.printf(Locale.ROOT, "heap %d %d %.1f%n", n, bytes, (double) bytes / n);
            world.close();
            world = null;
        }
        if (jol) footprint(100_000);
    }

    static long usedAfterGc() throws InterruptedException {
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            System.gc();
            Thread.sleep(100);
            best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
        }
        return best;
    }

    /** Per-class retained footprint of the engine's object graph with n MFEs minus the same with none (JOL). */
    static void footprint(int n) {
        try {
            BenchWorld empty = new BenchWorld();
            var base = org.openjdk.jol.info.GraphLayout.parseInstance(empty.engine);
            BenchWorld full = new BenchWorld().createMfes(0, n);
            var layout = org.openjdk.jol.info.GraphLayout.parseInstance(full.engine);
            var diff = layout.subtract(base);
            System.out.printf(Locale.ROOT, "jol %d %d %.1f%n", n, diff.totalSize(), (double) diff.totalSize() / n);
            for (Class<?> c : diff.getClasses()) {
                long size = diff.getClassSizes().count(c);
                if (size * 20 < diff.totalSize()) continue; // classes with >= 5 % only
                System.out.printf(Locale.ROOT, "jolclass %s %d %.1f %.2f%n", c.getName(), size, (double) size / n, (double) diff.getClassCounts().count(c) / n);
            }
        } catch (Throwable t) {
            System.out.println("jol unavailable: " + t);
        }
    }
}
