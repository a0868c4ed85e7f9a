package org.openmgm.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * (b) MFE creation through the forwarder's no-cache upcall ({@code engine.upcalls().noCache}): RIB
 * lookup, RPF callback on C, creation alerts on A and B, 2 oifs, install in the forwarder. Every
 * measured invocation creates {@value #BATCH} new MFEs on top of a fresh table of {@code mfes} entries
 * (rebuilt before each iteration, so each iteration measures the same growth). Score: time per MFE.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(MfeCreationBenchmark.BATCH)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MfeCreationBenchmark {
    static final int BATCH = 100_000;

    @Param({"10000", "100000", "1000000"})
    public int mfes;

    private BenchWorld world;
    private final int[] sources = new int[BATCH];
    private final int[] groups = new int[BATCH];

    @Setup(Level.Iteration)
    public void setUp() {
        if (world != null) world.close();
        world = null;
        System.gc();
        world = new BenchWorld().createMfes(0, mfes);
        for (int k = 0; k < BATCH; k++) {
            sources[k] = BenchWorld.source(mfes + k);
            groups[k] = BenchWorld.group(mfes + k);
        }
        System.gc();
    }

    @TearDown(Level.Iteration)
    public void check() {
        world.check(mfes + BATCH);
    }

    @Benchmark
    public void createMfes() {
        var up = world.upcalls;
        for (int k = 0; k < BATCH; k++) up.noCache(sources[k], groups[k], BenchWorld.IF3, BenchWorld.HEADER);
    }
}
