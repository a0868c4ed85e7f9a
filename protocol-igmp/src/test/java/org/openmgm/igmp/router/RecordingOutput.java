package org.openmgm.igmp.router;

import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.igmp.packet.IgmpCodec;
import org.openmgm.igmp.packet.IgmpMessage;
import org.openmgm.igmp.packet.ParseResult;

/** Records what the state machine asks for; memberships as readable strings like "+if2 (*, 239.1.1.1)". */
final class RecordingOutput implements RouterOutput {
    record Sent(int ifIndex, IgmpMessage message, byte[] packet) {}

    final List<Sent> sent = new ArrayList<>();
    final List<String> mgm = new ArrayList<>();
    private final IgmpCodec codec = new IgmpCodec();

    @Override
    public synchronized void send(int ifIndex, byte[] ipPacket) {
        ParseResult r = codec.parse(ipPacket);
        if (!(r instanceof ParseResult.Parsed p)) throw new AssertionError("we built a packet our own parser rejects: " + r);
        sent.add(new Sent(ifIndex, p.message(), ipPacket));
    }

    @Override
    public synchronized void addMembership(int ifIndex, MembershipKey key) {
        mgm.add("+if" + ifIndex + " " + key);
    }

    @Override
    public synchronized void deleteMembership(int ifIndex, MembershipKey key) {
        mgm.add("-if" + ifIndex + " " + key);
    }

    @Override
    public synchronized void blockSource(int ifIndex, int source, int group) {
        mgm.add("block if" + ifIndex + " (" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")");
    }

    @Override
    public synchronized void unblockSource(int ifIndex, int source, int group) {
        mgm.add("unblock if" + ifIndex + " (" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")");
    }

    synchronized List<IgmpMessage.Query> queries() {
        return sent.stream().map(Sent::message).filter(m -> m instanceof IgmpMessage.Query).map(m -> (IgmpMessage.Query) m).toList();
    }

    synchronized List<IgmpMessage> messages() {
        return sent.stream().map(Sent::message).toList();
    }

    synchronized void clear() {
        sent.clear();
        mgm.clear();
    }
}
