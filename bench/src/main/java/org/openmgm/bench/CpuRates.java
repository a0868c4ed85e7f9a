package org.openmgm.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.SourceGroup;

/**
 * The JMH workloads again, timed by the <em>CPU time</em> this JVM consumed (all its threads: the
 * benchmark thread, GC, JIT) instead of wall-clock time. On a shared machine whose load exceeds its
 * cores, JMH's wall-clock scores mostly measure the wait for a core; CPU time per operation is what
 * one core would need, which is what the targets are stated in. Prints
 * {@code cpu <workload> <mfes> <ns per op> <bytes allocated per op by the benchmark thread>} lines for {@link Report}.
 *
 * <p>{@code java -Xms4g -Xmx4g -cp benchmarks.jar org.openmgm.bench.CpuRates 10000 100000 1000000}
 */
public final class CpuRates {
    private CpuRates() {}

    static volatile Object sink;
    private static String only = "";

    /** Arguments: table sizes; {@code --only <prefix>} runs only the workloads whose name starts with it (for profiling). */
    public static void main(String[] args) {
        java.util.List<Integer> sizeList = new java.util.ArrayList<>();
        for (int a = 0; a < args.length; a++) {
            if (args[a].equals("--only")) only = args[++a];
            else sizeList.add(Integer.parseInt(args[a]));
        }
        int[] sizes = sizeList.isEmpty() ? new int[] {10_000, 100_000, 1_000_000} : sizeList.stream().mapToInt(Integer::intValue).toArray();
        for (int n : sizes) {
            BenchWorld w = new BenchWorld().createMfes(0, n);
            w.check(n);
            if (wanted("Membership")) membership(w, n);
            if (wanted("MfeLookup")) lookup(w, n);
            if (wanted("MfeEnumeration")) enumeration(w, n);
            w.close();
            if (wanted("MfeCreation")) creation(n);
        }
    }

    static boolean wanted(String workload) {
        return workload.startsWith(only) || only.startsWith(workload);
    }

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Bytes allocated per op by this thread in the last {@link #measure} (or creation batch). */
    private static double lastAllocPerOp;

    static long allocated() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static void print(String workload, int n, double nsPerOp) {
        System.out.printf(Locale.ROOT, "cpu %s %d %.1f %.0f%n", workload, n, nsPerOp, lastAllocPerOp);
    }

    /**
     * Runs {@code op} for warm-up (1 s of CPU), then in 3 rounds of at least 0.5 s of CPU time each (the process CPU
     * clock ticks coarsely); returns the best round's CPU ns per op. {@code batch} ops run between clock reads.
     */
    static double measure(java.util.function.IntConsumer op, int batch) {
        int i = 0;
        long w0 = cpu();
        do { // warm-up: at least 1 s of CPU, so that C2 has compiled the path before the first round
            for (int k = 0; k < batch; k++) op.accept(i++);
        } while (cpu() - w0 < 1_000_000_000L);
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 3; round++) {
            long t0 = cpu(), a0 = allocated(), used;
            long ops = 0;
            do {
                for (int k = 0; k < batch; k++) op.accept(i++);
                ops += batch;
                used = cpu() - t0;
            } while (used < 500_000_000L);
            best = Math.min(best, (double) used / ops);
            lastAllocPerOp = (double) (allocated() - a0) / ops;
        }
        return best;
    }

    static void membership(BenchWorld w, int n) {
        MembershipKey[] free = new MembershipKey[1024], withMfes = new MembershipKey[1024];
        for (int j = 0; j < 1024; j++) {
            free[j] = MembershipKey.anySource(BenchWorld.FREE_GROUP_BASE + j);
            withMfes[j] = MembershipKey.anySource(BenchWorld.group((int) ((long) j * n / 1024)));
        }
        int join = MgmConstants.MGM_JOIN_STATE_FLAG;
        print("MembershipBenchmark.addDeleteStarG", n, measure(i -> {
            w.hD.addMembership(free[i & 1023], BenchWorld.IF4, join);
            w.hD.deleteMembership(free[i & 1023], BenchWorld.IF4, join);
        }, 20_000));
        print("MembershipBenchmark.addDeleteStarGOnGroupWithMfes", n, measure(i -> {
            w.hD.addMembership(withMfes[i & 1023], BenchWorld.IF4, join);
            w.hD.deleteMembership(withMfes[i & 1023], BenchWorld.IF4, join);
        }, 10_000));
    }

    static void lookup(BenchWorld w, int n) {
        SourceGroup[] keys = new SourceGroup[1 << 16];
        SplittableRandom r = new SplittableRandom(42);
        for (int k = 0; k < keys.length; k++) keys[k] = BenchWorld.sg(r.nextInt(n));
        print("MfeLookupBenchmark.lookup", n, measure(i -> sink = w.engine.mfe(keys[i & 0xFFFF]), 50_000));
    }

    static void enumeration(BenchWorld w, int n) {
        print("MfeEnumerationBenchmark.enumerateAll", n, measure(i -> {
            long seen = 0;
            SourceGroup after = null;
            while (true) {
                List<Mfe> page = w.engine.mfes(after, MfeEnumerationBenchmark.PAGE);
                if (page.isEmpty()) break;
                seen += page.size();
                after = page.get(page.size() - 1).sourceGroup();
            }
            if (seen != n) throw new IllegalStateException("saw " + seen);
        }, 1));
    }

    /**
     * Five batches of {@value MfeCreationBenchmark#BATCH} creations, each on a fresh table of n entries; CPU time and
     * allocation summed over the batches (the process CPU clock ticks every 10 ms: one batch alone would
     * resolve only 100 ns per MFE).
     */
    static void creation(int n) {
        new BenchWorld().createMfes(0, 3 * MfeCreationBenchmark.BATCH).close(); // warm-up
        long cpuSum = 0, allocSum = 0;
        int rounds = 5;
        for (int round = 0; round < rounds; round++) {
            BenchWorld w = new BenchWorld().createMfes(0, n);
            System.gc();
            long t0 = cpu(), a0 = allocated();
            w.createMfes(n, n + MfeCreationBenchmark.BATCH);
            cpuSum += cpu() - t0;
            allocSum += allocated() - a0;
            w.check(n + MfeCreationBenchmark.BATCH);
            w.close();
        }
        lastAllocPerOp = (double) allocSum / (rounds * (long) MfeCreationBenchmark.BATCH);
        print("MfeCreationBenchmark.createMfes", n, (double) cpuSum / (rounds * (long) MfeCreationBenchmark.BATCH));
    }
}
