package org.openmgm.api.win32;

import java.util.List;
import org.openmgm.api.IfEntry;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.PruneTimeout;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.RpfRequest;
import org.openmgm.api.SourceGroup;

/**
 * Turns a ROUTING_PROTOCOL_CONFIG table into an {@link MgmProtocol}. Null callbacks stay no-ops.
 * {@code wrongInterface} is overridden only by {@link WithWrongIf}, used when the table has a
 * WrongIf callback: the MGM treats a protocol that overrides it as being in RFC 2715 "WrongIf alert mode".
 */
class CallbackAdapter implements MgmProtocol {
    final RoutingProtocolConfig table;

    CallbackAdapter(RoutingProtocolConfig table) {
        this.table = table;
    }

    static MgmProtocol of(RoutingProtocolConfig table) {
        RoutingProtocolConfig copy = table.copy();
        return copy.pfnWrongIfCallback != null ? new WithWrongIf(copy) : new CallbackAdapter(copy);
    }

    @Override
    public void rpf(RpfRequest r) {
        MgmCallbacks.RpfCallback cb = table.pfnRpfCallback;
        if (cb == null) return;
        InterfaceKey in = r.incomingInterface();
        int[] inIf = {in == null ? 0 : in.ifIndex()};
        int[] inNh = {in == null ? 0 : in.nextHop()};
        int[] nbr = {r.upstreamNeighbor()};
        RouteInfo[] route = {r.route()};
        byte[] hdr = r.packetHeader() == null ? new byte[0] : r.packetHeader();
        SourceGroup sg = r.sourceGroup();
        cb.call(sg.source(), Ipv4.HOST_MASK, sg.group(), Ipv4.HOST_MASK, inIf, inNh, nbr, hdr.length, hdr, route);
        if (in == null || inIf[0] != in.ifIndex() || inNh[0] != in.nextHop())
            r.setIncomingInterface(new InterfaceKey(inIf[0], inNh[0]));
        r.setUpstreamNeighbor(nbr[0]);
        if (route[0] != r.route()) r.setRoute(route[0]);
    }

    @Override
    public void creationAlert(SourceGroup sg, InterfaceKey in, List<IfEntry> candidates) {
        MgmCallbacks.CreationAlertCallback cb = table.pfnCreationAlertCallback;
        if (cb == null || candidates.isEmpty()) return;
        MgmIfEntry[] entries = new MgmIfEntry[candidates.size()];
        for (int i = 0; i < entries.length; i++) {
            IfEntry c = candidates.get(i);
            entries[i] = new MgmIfEntry(c.iface().ifIndex(), c.iface().nextHop(), c.igmp(), c.enabled());
        }
        cb.call(sg.source(), Ipv4.HOST_MASK, sg.group(), Ipv4.HOST_MASK, in == null ? 0 : in.ifIndex(),
                in == null ? 0 : in.nextHop(), entries.length, entries);
        for (int i = 0; i < entries.length; i++) candidates.get(i).setEnabled(entries[i].bIsEnabled);
    }

    @Override
    public void pruneAlert(MembershipKey key, InterfaceKey iface, boolean memberDelete, PruneTimeout timeout) {
        MgmCallbacks.PruneAlertCallback cb = table.pfnPruneAlertCallback;
        if (cb == null) return;
        int[] t = {timeout == null ? 0 : timeout.seconds()};
        int before = t[0];
        cb.call(key.source(), key.sourceMask(), key.group(), key.groupMask(), iface == null ? 0 : iface.ifIndex(),
                iface == null ? 0 : iface.nextHop(), memberDelete, t);
        // A DWORD is unsigned: values above 2^31-1 saturate.
        if (timeout != null && t[0] != before) timeout.setSeconds(t[0] < 0 ? Integer.MAX_VALUE : t[0]);
    }

    @Override
    public void joinAlert(MembershipKey key, boolean memberUpdate) {
        MgmCallbacks.JoinAlertCallback cb = table.pfnJoinAlertCallback;
        if (cb != null) cb.call(key.source(), key.sourceMask(), key.group(), key.groupMask(), memberUpdate);
    }

    @Override
    public void localJoin(MembershipKey key, InterfaceKey iface) {
        MgmCallbacks.LocalJoinCallback cb = table.pfnLocalJoinCallback;
        if (cb != null) cb.call(key.source(), key.sourceMask(), key.group(), key.groupMask(), iface.ifIndex(), iface.nextHop());
    }

    @Override
    public void localLeave(MembershipKey key, InterfaceKey iface) {
        MgmCallbacks.LocalLeaveCallback cb = table.pfnLocalLeaveCallback;
        if (cb != null) cb.call(key.source(), key.sourceMask(), key.group(), key.groupMask(), iface.ifIndex(), iface.nextHop());
    }

    @Override
    public void disableIgmp(InterfaceKey iface) {
        MgmCallbacks.DisableIgmpCallback cb = table.pfnDisableIgmpCallback;
        if (cb != null) cb.call(iface.ifIndex(), iface.nextHop());
    }

    @Override
    public void enableIgmp(InterfaceKey iface) {
        MgmCallbacks.EnableIgmpCallback cb = table.pfnEnableIgmpCallback;
        if (cb != null) cb.call(iface.ifIndex(), iface.nextHop());
    }

    static final class WithWrongIf extends CallbackAdapter {
        WithWrongIf(RoutingProtocolConfig table) {
            super(table);
        }

        @Override
        public void wrongInterface(int source, int group, InterfaceKey arrival, byte[] packetHeader) {
            byte[] hdr = packetHeader == null ? new byte[0] : packetHeader;
            table.pfnWrongIfCallback.call(source, group, arrival.ifIndex(), arrival.nextHop(), hdr.length, hdr);
        }
    }
}
