package org.openmgm.bench;

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
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;

/**
 * (a) Membership churn: D adds and then deletes (*,G) on if4. Each add takes the group's client count
 * 0 -> 1 and so sends a JoinAlert to the 3 other registered protocols; each delete takes it back to 0 and
 * sends them a PruneAlert. One operation = one add + one delete (two MGM calls, six alerts).
 * {@code addDeleteStarG} uses groups without MFEs; {@code addDeleteStarGOnGroupWithMfes} uses groups
 * holding 4 MFEs each, so if4 is also added to and removed from their oif lists. The MFE table
 * ({@code mfes}) is the background size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g"})
public class MembershipBenchmark {
    private static final int GROUPS = 1024;

    @Param({"10000", "100000", "1000000"})
    public int mfes;

    private BenchWorld world;
    private final MembershipKey[] freeGroups = new MembershipKey[GROUPS];
    private final MembershipKey[] mfeGroups = new MembershipKey[GROUPS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        world = new BenchWorld().createMfes(0, mfes);
        world.check(mfes);
        for (int j = 0; j < GROUPS; j++) {
            freeGroups[j] = MembershipKey.anySource(BenchWorld.FREE_GROUP_BASE + j);
            // spread over the whole table: group of MFE number j * (mfes / GROUPS)
            mfeGroups[j] = MembershipKey.anySource(BenchWorld.group((int) ((long) j * mfes / GROUPS)));
        }
        world.resetCounters();
        System.gc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // every operation must have reached the three other protocols
        if (world.a.joins == 0 || world.a.joins != world.b.joins || world.b.joins != world.c.joins || world.c.prunes != world.c.joins)
            throw new IllegalStateException("alerts not dispatched as expected: A " + world.a.joins + "/" + world.a.prunes
                    + " B " + world.b.joins + "/" + world.b.prunes + " C " + world.c.joins + "/" + world.c.prunes);
        if (world.d.joins != 0) throw new IllegalStateException("the actor received its own alerts");
        world.close();
    }

    @Benchmark
    public void addDeleteStarG() {
        MembershipKey k = freeGroups[next++ & (GROUPS - 1)];
        world.hD.addMembership(k, BenchWorld.IF4, MgmConstants.MGM_JOIN_STATE_FLAG);
        world.hD.deleteMembership(k, BenchWorld.IF4, MgmConstants.MGM_JOIN_STATE_FLAG);
    }

    @Benchmark
    public void addDeleteStarGOnGroupWithMfes() {
        MembershipKey k = mfeGroups[next++ & (GROUPS - 1)];
        world.hD.addMembership(k, BenchWorld.IF4, MgmConstants.MGM_JOIN_STATE_FLAG);
        world.hD.deleteMembership(k, BenchWorld.IF4, MgmConstants.MGM_JOIN_STATE_FLAG);
    }
}
