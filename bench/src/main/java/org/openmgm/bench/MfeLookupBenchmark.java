package org.openmgm.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openmgm.api.Mfe;
import org.openmgm.api.SourceGroup;

/** (c) Lookup of an existing MFE by (S,G) with {@code engine.mfe(sg)}, keys drawn at random from the whole table. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MfeLookupBenchmark {
    private static final int KEYS = 1 << 16;

    @Param({"10000", "100000", "1000000"})
    public int mfes;

    private BenchWorld world;
    private final SourceGroup[] keys = new SourceGroup[KEYS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        world = new BenchWorld().createMfes(0, mfes);
        world.check(mfes);
        SplittableRandom r = new SplittableRandom(42);
        for (int k = 0; k < KEYS; k++) keys[k] = BenchWorld.sg(r.nextInt(mfes));
        System.gc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        world.close();
    }

    @Benchmark
    public Mfe lookup() {
        return world.engine.mfe(keys[next++ & (KEYS - 1)]);
    }
}
