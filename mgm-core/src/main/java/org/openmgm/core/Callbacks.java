package org.openmgm.core;

import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.openmgm.api.MgmProtocol;

/**
 * The callbacks one MGM operation causes, collected under the lock and delivered after it is released,
 * in the order of spec §6.6.4: local join/leave, then membership-driven (TRUE) alerts, then MFE-driven
 * (FALSE) alerts. A callback that throws is counted against its protocol and logged; delivery goes on.
 */
final class Callbacks {
    private static final System.Logger LOG = System.getLogger("org.openmgm.core");

    private record Call(Client target, String what, Consumer<MgmProtocol> body, Runnable after) {}

    /**
     * The calls waiting on this thread. A protocol that calls the MGM from inside a callback gets its
     * state change at once, but the callbacks that change causes are queued behind the ones already
     * being delivered, so every protocol sees the alerts in the order the changes happened.
     */
    private static final ThreadLocal<ArrayDeque<Call>> PENDING = new ThreadLocal<>();

    private List<Call> local;
    private List<Call> member;
    private List<Call> mfe;

    void local(Client target, String what, Consumer<MgmProtocol> body) {
        if (local == null) local = new ArrayList<>(2);
        local.add(new Call(target, what, body, null));
    }

    void member(Client target, String what, Consumer<MgmProtocol> body) {
        if (member == null) member = new ArrayList<>(4);
        member.add(new Call(target, what, body, null));
    }

    /** An MFE-driven alert; {@code after} runs once the callback returned (e.g. to apply its timeout). */
    void mfe(Client target, String what, Consumer<MgmProtocol> body, Runnable after) {
        if (mfe == null) mfe = new ArrayList<>(4);
        mfe.add(new Call(target, what, body, after));
    }

    boolean isEmpty() {
        return local == null && member == null && mfe == null;
    }

    void deliver() {
        if (isEmpty()) return;
        ArrayDeque<Call> queue = PENDING.get();
        boolean outermost = queue == null;
        if (outermost) PENDING.set(queue = new ArrayDeque<>());
        try {
            if (local != null) queue.addAll(local);
            if (member != null) queue.addAll(member);
            if (mfe != null) queue.addAll(mfe);
            if (!outermost) return;
            for (Call c; (c = queue.poll()) != null; ) {
                invoke(c.target, c.what, c.body);
                if (c.after != null) c.after.run();
            }
        } finally {
            if (outermost) PENDING.remove();
        }
    }

    /** Runs one callback of {@code target}, isolating its faults. */
    static void invoke(Client target, String what, Consumer<MgmProtocol> body) {
        if (!target.registered) return; // deregistered meanwhile: it is no longer a recipient (spec 4.2)
        try {
            body.accept(target.callbacks);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            long n = target.faults.incrementAndGet();
            LOG.log(Level.WARNING, "protocol {0} threw from {1} (fault #{2}): {3}", target, what, String.valueOf(n), String.valueOf(t));
        }
    }
}
