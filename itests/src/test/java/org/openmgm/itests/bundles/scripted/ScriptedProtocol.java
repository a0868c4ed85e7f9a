package org.openmgm.itests.bundles.scripted;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;

/**
 * A minimal routing protocol packaged as its own bundle by the tests: when the MGM registers it, it
 * runs a script from its manifest ({@code OpenMGM-Script}), e.g.
 * {@code take 2; take 3; join * 239.1.1.1 3; join 10.2.2.2 239.3.3.3 3}, and otherwise accepts every
 * callback. It stands for "a protocol bundle with state" in the hot-deploy tests; the state it leaves
 * behind when the bundle stops is exactly what the MGM must clean up. Counts its callbacks
 * ({@link LongSupplier}) so tests can check it was called.
 */
public final class ScriptedProtocol implements MgmProtocol, LongSupplier {
    private final String script;
    private final AtomicLong callbacks = new AtomicLong();
    private volatile ProtocolHandle handle;

    public ScriptedProtocol(String script) {
        this.script = script == null ? "" : script;
    }

    @Override
    public void registered(ProtocolHandle h) {
        handle = h;
        run(h, script);
    }

    /** Runs a script against a handle (also used by the faulty protocol). */
    public static void run(ProtocolHandle h, String script) {
        for (String stmt : script.split(";")) {
            String[] w = stmt.trim().split("\\s+");
            if (w.length == 0 || w[0].isEmpty()) continue;
            switch (w[0]) {
                case "take" -> h.takeInterface(InterfaceKey.of(Integer.parseInt(w[1])));
                case "join" -> h.addMembership(key(w[1], w[2]), InterfaceKey.of(Integer.parseInt(w[3])), MgmConstants.MGM_JOIN_STATE_FLAG);
                default -> throw new IllegalArgumentException("bad script statement: " + stmt);
            }
        }
    }

    static MembershipKey key(String s, String g) {
        if (g.equals("*")) return MembershipKey.WILDCARD;
        return s.equals("*") ? MembershipKey.anySource(Ipv4.parse(g)) : MembershipKey.sourceGroup(Ipv4.parse(s), Ipv4.parse(g));
    }

    public ProtocolHandle handle() {
        return handle;
    }

    @Override
    public long getAsLong() {
        return callbacks.get();
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        callbacks.incrementAndGet();
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, org.openmgm.api.PruneTimeout timeout) {
        callbacks.incrementAndGet();
    }

    @Override
    public void creationAlert(org.openmgm.api.SourceGroup sg, InterfaceKey in, java.util.List<org.openmgm.api.IfEntry> candidates) {
        callbacks.incrementAndGet();
    }

    @Override
    public void rpf(org.openmgm.api.RpfRequest request) {
        callbacks.incrementAndGet();
    }
}
