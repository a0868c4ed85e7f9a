package org.openmgm.bench;

import java.util.List;
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

/**
 * (d) Paged enumeration of the whole MFE table with {@code engine.mfes(after, 1000)} (what
 * MgmGetFirstMfe/MgmGetNextMfe and {@code mgm:mfes} do). Score: time for the whole table.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MfeEnumerationBenchmark {
    static final int PAGE = 1000;

    @Param({"10000", "100000", "1000000"})
    public int mfes;

    private BenchWorld world;

    @Setup(Level.Trial)
    public void setUp() {
        world = new BenchWorld().createMfes(0, mfes);
        world.check(mfes);
        if (enumerateAll() != mfes) throw new IllegalStateException("enumeration did not see every MFE");
        System.gc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        world.close();
    }

    @Benchmark
    public long enumerateAll() {
        long seen = 0;
        SourceGroup after = null;
        while (true) {
            List<Mfe> page = world.engine.mfes(after, PAGE);
            if (page.isEmpty()) return seen;
            seen += page.size();
            after = page.get(page.size() - 1).sourceGroup();
        }
    }
}
