package org.openmgm.itests.bundles.faulty;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MfeStatus;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.SourceGroup;
import org.openmgm.itests.bundles.scripted.ScriptedProtocol;

/**
 * A deliberately broken protocol: every callback throws, and the RPF, creation-alert and join-alert
 * callbacks first sleep {@value #SLOW_MILLIS} ms; the join alert also calls back into the MGM
 * (re-entrancy) before throwing. {@code registered} runs its script (takes interfaces, adds
 * memberships) and then throws when the manifest says {@code OpenMGM-Throw-In-Registered: true}.
 * Counts the callbacks it received ({@link LongSupplier}), which must equal the MGM's fault count.
 */
public final class FaultyProtocol implements MgmProtocol, LongSupplier {
    static final long SLOW_MILLIS = 200;
    private final String script;
    private final boolean throwInRegistered;
    private final AtomicLong calls = new AtomicLong();
    private volatile ProtocolHandle handle;

    public FaultyProtocol(String script, boolean throwInRegistered) {
        this.script = script == null ? "" : script;
        this.throwInRegistered = throwInRegistered;
    }

    @Override
    public long getAsLong() {
        return calls.get();
    }

    private RuntimeException fault(String where) {
        calls.incrementAndGet();
        return new IllegalStateException("deliberate fault in " + where);
    }

    private static void slow() {
        try {
            Thread.sleep(SLOW_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void registered(ProtocolHandle h) {
        handle = h;
        ScriptedProtocol.run(h, script);
        if (throwInRegistered) throw new IllegalStateException("deliberate fault in registered");
    }

    @Override
    public void rpf(RpfRequest request) {
        slow();
        throw fault("rpf");
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey incomingInterface, List<IfEntry> candidates) {
        slow();
        throw fault("creationAlert");
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        throw fault("pruneAlert");
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        slow();
        ProtocolHandle h = handle;
        if (h != null) {
            try (var e = h.startGroupEnumeration(EnumerationType.ALL_SOURCES)) {
                e.next(10);
            } catch (RuntimeException ignored) {
                // the re-entrant call itself may fail; what matters is that it returns
            }
        }
        throw fault("joinAlert");
    }

    @Override
    public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {
        throw fault("wrongInterface");
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        throw fault("localJoin");
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        throw fault("localLeave");
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        throw fault("disableIgmp");
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        throw fault("enableIgmp");
    }

    @Override
    public MfeStatus mfeStatus(int ifIndex, int group, int source) {
        throw fault("mfeStatus");
    }
}
