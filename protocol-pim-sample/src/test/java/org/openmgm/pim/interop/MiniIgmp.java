package org.openmgm.pim.interop;

import java.util.List;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.packet.ReceivedPacket;

/**
 * Just enough of an IGMP router for the interop tests (protocol-igmp is another module, not a
 * dependency of this one): it registers as the MGM's IGMP client, takes the receiver interfaces, and
 * turns the kernel host's v2/v3 reports and leaves into memberships, which the MGM hands to PIM as
 * local joins. No querier, no timers.
 */
final class MiniIgmp implements PacketListener {
    private final ProtocolHandle handle;

    MiniIgmp(MgmService mgm, PacketIo io, List<String> interfaces) {
        handle = mgm.register(MgmConstants.PROTO_IP_IGMP, 0, "mini-igmp", new MgmProtocol() {});
        for (String name : interfaces) io.interfaceByName(name).ifPresent(n -> handle.takeInterface(InterfaceKey.of(n.index())));
    }

    @Override
    public void received(ReceivedPacket p) {
        byte[] ip = p.ip();
        int hl = Ipv4Packets.headerLength(ip, ip.length);
        if (hl < 0 || ip.length < hl + 8) return;
        InterfaceKey iface = InterfaceKey.of(p.iface().index());
        int type = ip[hl] & 0xFF;
        try {
            switch (type) {
                case 0x16 -> change(true, MembershipKey.anySource(Ipv4Packets.getInt(ip, hl + 4)), iface);
                case 0x17 -> change(false, MembershipKey.anySource(Ipv4Packets.getInt(ip, hl + 4)), iface);
                case 0x22 -> v3(ip, hl, iface);
                default -> { }
            }
        } catch (MgmException | IndexOutOfBoundsException e) {
            System.err.println("mini-igmp: " + e.getMessage());
        }
    }

    private void v3(byte[] ip, int hl, InterfaceKey iface) {
        int records = ((ip[hl + 6] & 0xFF) << 8) | (ip[hl + 7] & 0xFF);
        int off = hl + 8;
        for (int r = 0; r < records; r++) {
            int rtype = ip[off] & 0xFF;
            int aux = ip[off + 1] & 0xFF;
            int n = ((ip[off + 2] & 0xFF) << 8) | (ip[off + 3] & 0xFF);
            int g = Ipv4Packets.getInt(ip, off + 4);
            for (int i = 0; i < n; i++) {
                int s = Ipv4Packets.getInt(ip, off + 8 + 4 * i);
                if (rtype == 1 || rtype == 3 || rtype == 5) change(true, MembershipKey.sourceGroup(s, g), iface);
                if (rtype == 6) change(false, MembershipKey.sourceGroup(s, g), iface);
            }
            if (n == 0 && (rtype == 2 || rtype == 4)) change(true, MembershipKey.anySource(g), iface);
            if (n == 0 && rtype == 3) change(false, MembershipKey.anySource(g), iface);
            off += 8 + 4 * n + 4 * aux;
        }
    }

    private void change(boolean add, MembershipKey key, InterfaceKey iface) {
        if (Ipv4.isLinkLocalMulticast(key.group())) return;
        try {
            if (add) handle.addMembership(key, iface, MgmConstants.MGM_JOIN_STATE_FLAG);
            else handle.deleteMembership(key, iface, MgmConstants.MGM_JOIN_STATE_FLAG);
            System.out.println("mini-igmp: " + (add ? "join " : "leave ") + key + " on " + iface);
        } catch (MgmException e) {
            // repeated reports of a known membership, or a leave of an unknown one
        }
    }
}
