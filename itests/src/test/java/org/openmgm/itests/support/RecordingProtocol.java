package org.openmgm.itests.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.SourceGroup;

/**
 * A protocol that records every callback as one line of text, e.g.
 * {@code prune (*, 239.1.1.1) if3 member=true} or {@code join (10.1.1.1, 239.1.1.1) member=false},
 * so tests can assert exactly which alerts the MGM sent. Published as a whiteboard service by the
 * probe; {@link #handle()} is set when the MGM calls {@link #registered}.
 */
public final class RecordingProtocol implements MgmProtocol {
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private volatile ProtocolHandle handle;

    @Override
    public void registered(ProtocolHandle h) {
        handle = h;
        events.add("registered " + h.id());
    }

    public ProtocolHandle handle() {
        return handle;
    }

    public ProtocolHandle awaitHandle() {
        return Await.value("registered() on the recording protocol", Duration.ofSeconds(10), () -> handle);
    }

    @Override
    public void rpf(RpfRequest r) {
        events.add("rpf " + r.sourceGroup() + " " + r.incomingInterface());
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey in, List<IfEntry> candidates) {
        events.add("creation " + sg + " iif " + in + " " + candidates);
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        events.add("prune " + key + (memberDelete ? " member=true" : " " + iface + " member=false"));
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        events.add("join " + key + " member=" + memberUpdate);
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        events.add("localJoin " + key + " " + iface);
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        events.add("localLeave " + key + " " + iface);
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        events.add("disableIgmp " + iface);
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        events.add("enableIgmp " + iface);
    }

    @Override
    public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] header) {
        events.add("wrongIf " + new SourceGroup(source, group) + " " + arrival);
    }

    public List<String> events() {
        synchronized (events) {
            return new ArrayList<>(events);
        }
    }

    /** Alerts only (join/prune), in order. */
    public List<String> alerts() {
        return events().stream().filter(e -> e.startsWith("join ") || e.startsWith("prune ")).toList();
    }

    public void clear() {
        events.clear();
    }

    @Override
    public String toString() {
        return "RecordingProtocol" + events;
    }
}
