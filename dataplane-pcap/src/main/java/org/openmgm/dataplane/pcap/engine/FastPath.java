package org.openmgm.dataplane.pcap.engine;

import static org.openmgm.dataplane.pcap.engine.Frames.BE_INT;
import static org.openmgm.dataplane.pcap.engine.Frames.ETH_HEADER;

import java.lang.foreign.MemorySegment;
import org.openmgm.api.Ipv4;
import org.openmgm.api.SourceGroup;

/**
 * The per-packet forwarding path, run on the capture thread of the arrival interface (and on the upcall
 * thread for packets queued while an MFE was being created). For a data frame it reads the current
 * {@link ForwardingTable} without a lock, checks the arrival interface, and for each outgoing interface
 * whose TTL threshold and MTU the packet meets: copies the frame once into the caller's scratch buffer,
 * decrements the TTL (RFC 1624 checksum update), repairs an offload-unfinished UDP checksum, sets the
 * multicast destination MAC and the outgoing interface's source MAC, and injects. Nothing here allocates
 * or blocks; whatever needs either (upcalls, control packets) is handed to {@link Dataplane}'s queues.
 */
final class FastPath {
    static final int PROTO_IGMP = 2;
    static final int PROTO_PIM = 103;

    private final Dataplane dp;

    FastPath(Dataplane dp) {
        this.dp = dp;
    }

    /**
     * One captured frame: {@code caplen} bytes at {@code off} in {@code seg} ({@code wirelen} on the wire).
     * {@code scratch} belongs to the calling thread and holds at least {@code caplen} bytes. {@code queued}:
     * the frame was held back while its MFE was created and is being flushed now.
     */
    void receive(Port in, MemorySegment seg, long off, int caplen, int wirelen, long timestampMicros, MemorySegment scratch, boolean queued) {
        in.rxFrames.increment();
        if (caplen < ETH_HEADER + 20) return;
        if (wirelen > caplen) {                              // snaplen shorter than the frame: never forward a part
            in.truncated.increment();
            return;
        }
        if (Frames.u16(seg, off + 12) != Frames.ETHERTYPE_IPV4) return;
        if (Frames.mac(seg, off + 6) == in.mac) {            // our own transmission looped back: never input
            in.ownFrames.increment();
            return;
        }
        long ip = off + ETH_HEADER;
        int vihl = Frames.u8(seg, ip);
        if ((vihl >>> 4) != 4) return;
        int hl = (vihl & 0x0F) * 4;
        int totalLen = Frames.u16(seg, ip + 2);
        int protocol = Frames.u8(seg, ip + 9);
        int src = seg.get(BE_INT, ip + 12);
        int dst = seg.get(BE_INT, ip + 16);
        boolean headerOk = hl >= 20 && totalLen >= hl && ETH_HEADER + totalLen <= caplen && Frames.ipHeaderChecksumOk(seg, ip, hl);

        if (protocol == PROTO_IGMP || protocol == PROTO_PIM) {
            if (headerOk) dp.control(in, seg, off, totalLen, timestampMicros, dst);
            else dp.controlHeaderErrors.increment();
            return;
        }
        if (!Ipv4.isMulticast(dst) || Ipv4.isLinkLocalMulticast(dst)) return;

        long key = SourceGroup.pack(src, dst);
        Route r = dp.table.get(key);
        if (r == null) {
            if (!headerOk) {
                dp.headerErrorsWithoutMfe.increment();
                return;
            }
            if (dp.noCache(in, seg, off, ETH_HEADER + totalLen, timestampMicros, src, dst)) return;
            r = dp.table.get(key);                            // the MFE arrived while we queued: forward now
            if (r == null) return;
        } else if (r.flushing && !queued && headerOk && dp.joinFlush(key, seg, off, ETH_HEADER + totalLen, timestampMicros)) {
            return;
        }
        MfeCounterSet c = r.counters;
        if (!headerOk) {
            c.headerErrors.increment();
            return;
        }
        if (r.iif != in.ifIndex) {
            c.differentIf.increment();
            dp.wrongInterface(r, in, seg, ip, Math.min(hl + 8, totalLen), src, dst);
            return;
        }
        Route.Oif[] oifs = r.oifs;
        if (oifs.length == 0) {
            c.negative.increment();
            return;
        }
        c.inPackets.increment();
        c.inOctets.add(totalLen);

        int ttl = Frames.u8(seg, ip + 8);
        int frameLen = ETH_HEADER + totalLen;                // without Ethernet padding
        boolean rewritten = false;
        for (Route.Oif o : oifs) {
            Port out = o.port();
            OifCounterSet oc = o.counters();
            if (out == in && o.key().nextHop() == 0) continue;   // never back onto the arrival link
            if (out == null || !out.up) {
                oc.outDiscards.increment();
                continue;
            }
            if (ttl <= 1 || ttl < out.ttlThreshold) {
                oc.ttlTooLow.increment();
                continue;
            }
            if (totalLen > out.mtu) {
                oc.fragNeeded.increment();
                continue;
            }
            if (!rewritten) {
                MemorySegment.copy(seg, off, scratch, 0, frameLen);
                Frames.decrementTtl(scratch, ETH_HEADER);
                if (Frames.fixPartialUdpChecksum(scratch, ETH_HEADER, hl, totalLen)) in.checksumsRepaired.increment();
                Frames.putMulticastMac(scratch, 0, dst);
                rewritten = true;
            }
            Frames.putMac(scratch, 6, out.mac);
            if (out.transmit(scratch, frameLen, timestampMicros)) oc.outPackets.increment();
            else oc.outDiscards.increment();
        }
    }
}
