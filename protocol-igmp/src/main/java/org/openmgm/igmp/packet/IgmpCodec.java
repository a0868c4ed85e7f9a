package org.openmgm.igmp.packet;

import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;

/**
 * Parses and builds IGMP packets (IPv4 header included). {@link #parse} never throws: every input gives a
 * {@link ParseResult}. Checks, in order: IPv4 header, protocol 2, lengths, DVMRP/mtrace (ignored), IGMP
 * checksum, TTL 1, Router Alert on v2/v3 messages (when required), source address, group address.
 */
public final class IgmpCodec {
    private static final int TOS_INTERNETWORK_CONTROL = 0xC0;
    private static final int MAX_V3_SOURCES_PER_PACKET = 366; // (1500 - 24 - 8 - 8) / 4, one record

    private final boolean requireRouterAlert;

    /** @param requireRouterAlert drop v2/v3 messages without the IP Router Alert option (RFC 2236 §2, RFC 3376 §4) */
    public IgmpCodec(boolean requireRouterAlert) {
        this.requireRouterAlert = requireRouterAlert;
    }

    public IgmpCodec() {
        this(true);
    }

    /** Parses the IPv4 packet {@code ip} (the whole array). */
    public ParseResult parse(byte[] ip) {
        return ip == null ? drop(DropReason.BAD_IP_HEADER, "no packet") : parse(ip, ip.length);
    }

    /** Parses the IPv4 packet in the first {@code len} bytes of {@code ip}. */
    public ParseResult parse(byte[] ip, int len) {
        try {
            return parseChecked(ip, Math.min(len, ip.length));
        } catch (RuntimeException e) {
            // Defence in depth: every access below is bounds-checked; a bug must still not escape the parser.
            return drop(DropReason.TRUNCATED, "parser fault: " + e);
        }
    }

    private ParseResult parseChecked(byte[] p, int len) {
        int hl = Ipv4Packets.headerLength(p, len);
        if (hl < 0) return drop(DropReason.BAD_IP_HEADER, "not an IPv4 header");
        int total = Ipv4Packets.totalLength(p);
        if (total < hl) return drop(DropReason.BAD_IP_HEADER, "total length " + total + " < header length " + hl);
        if (total > len) return drop(DropReason.TRUNCATED, "total length " + total + " > captured " + len);
        if (Ipv4Packets.checksum(p, 0, hl) != 0) return drop(DropReason.BAD_IP_HEADER, "IP header checksum");
        if (Ipv4Packets.protocol(p) != Ipv4Packets.PROTO_IGMP) return drop(DropReason.NOT_IGMP, "IP protocol " + Ipv4Packets.protocol(p));
        int igmpLen = total - hl;
        if (igmpLen < 8) return drop(DropReason.TRUNCATED, "IGMP message of " + igmpLen + " bytes");
        int type = p[hl] & 0xFF;
        if (type == IgmpType.DVMRP || type == IgmpType.MTRACE_QUERY || type == IgmpType.MTRACE_RESPONSE)
            return new ParseResult.Ignored(type);
        if (Ipv4Packets.checksum(p, hl, igmpLen) != 0) return drop(DropReason.BAD_CHECKSUM, "IGMP checksum");
        if (Ipv4Packets.ttl(p) != 1) return drop(DropReason.BAD_TTL, "TTL " + Ipv4Packets.ttl(p));
        int src = Ipv4Packets.source(p);
        int dst = Ipv4Packets.destination(p);
        if (Ipv4.isMulticast(src) || src == 0xFFFFFFFF || (src >>> 24) == 127 || (src & 0xF0000000) == 0xF0000000)
            return drop(DropReason.BAD_SOURCE, "source " + Ipv4.format(src));
        boolean ra = Ipv4Packets.hasRouterAlert(p, hl);
        int code = p[hl + 1] & 0xFF;
        int group = Ipv4Packets.getInt(p, hl + 4);
        return switch (type) {
            case IgmpType.MEMBERSHIP_QUERY -> query(p, hl, igmpLen, src, dst, code, group, ra);
            case IgmpType.V1_MEMBERSHIP_REPORT -> {
                if (!Ipv4.isMulticast(group)) yield drop(DropReason.BAD_GROUP, "v1 report for " + Ipv4.format(group));
                yield new ParseResult.Parsed(new IgmpMessage.Report(src, dst, 1, group));
            }
            case IgmpType.V2_MEMBERSHIP_REPORT -> {
                if (requireRouterAlert && !ra) yield drop(DropReason.NO_ROUTER_ALERT, "v2 report");
                if (!Ipv4.isMulticast(group)) yield drop(DropReason.BAD_GROUP, "v2 report for " + Ipv4.format(group));
                yield new ParseResult.Parsed(new IgmpMessage.Report(src, dst, 2, group));
            }
            case IgmpType.V2_LEAVE_GROUP -> {
                if (requireRouterAlert && !ra) yield drop(DropReason.NO_ROUTER_ALERT, "v2 leave");
                if (!Ipv4.isMulticast(group)) yield drop(DropReason.BAD_GROUP, "v2 leave for " + Ipv4.format(group));
                yield new ParseResult.Parsed(new IgmpMessage.Leave(src, dst, group));
            }
            case IgmpType.V3_MEMBERSHIP_REPORT -> {
                if (requireRouterAlert && !ra) yield drop(DropReason.NO_ROUTER_ALERT, "v3 report");
                yield v3Report(p, hl, igmpLen, src, dst);
            }
            default -> drop(DropReason.UNKNOWN_TYPE, "IGMP type 0x" + Integer.toHexString(type));
        };
    }

    private ParseResult query(byte[] p, int hl, int igmpLen, int src, int dst, int code, int group, boolean ra) {
        if (group != 0 && !Ipv4.isMulticast(group)) return drop(DropReason.BAD_GROUP, "query for " + Ipv4.format(group));
        if (igmpLen == 8) {
            if (code == 0) // RFC 3376 §7.1: an 8-byte query with Max Resp Code 0 is IGMPv1; v1 hosts wait up to 10 s
                return new ParseResult.Parsed(new IgmpMessage.Query(src, dst, 1, 0, 100, group, false, 0, 0, 0, List.of()));
            if (requireRouterAlert && !ra) return drop(DropReason.NO_ROUTER_ALERT, "v2 query");
            return new ParseResult.Parsed(new IgmpMessage.Query(src, dst, 2, code, code, group, false, 0, 0, 0, List.of()));
        }
        if (igmpLen < 12) return drop(DropReason.BAD_LENGTH, "query of " + igmpLen + " bytes");
        if (requireRouterAlert && !ra) return drop(DropReason.NO_ROUTER_ALERT, "v3 query");
        int o = hl + 8;
        int flags = p[o] & 0xFF;
        int qqic = p[o + 1] & 0xFF;
        int n = ((p[o + 2] & 0xFF) << 8) | (p[o + 3] & 0xFF);
        if (12 + 4L * n > igmpLen) return drop(DropReason.TRUNCATED, "v3 query announces " + n + " sources in " + igmpLen + " bytes");
        if (group == 0 && n > 0) return drop(DropReason.BAD_GROUP, "general query with sources");
        List<Integer> sources = new ArrayList<>(n);
        for (int i = 0; i < n; i++) sources.add(Ipv4Packets.getInt(p, o + 4 + 4 * i));
        return new ParseResult.Parsed(new IgmpMessage.Query(src, dst, 3, code, decodeExponential(code), group,
                (flags & 0x08) != 0, flags & 0x07, qqic, decodeExponential(qqic), sources));
    }

    private ParseResult v3Report(byte[] p, int hl, int igmpLen, int src, int dst) {
        int n = ((p[hl + 6] & 0xFF) << 8) | (p[hl + 7] & 0xFF);
        int o = hl + 8;
        int end = hl + igmpLen;
        List<GroupRecord> records = new ArrayList<>(Math.min(n, 64));
        for (int r = 0; r < n; r++) {
            if (o + 8 > end) return drop(DropReason.TRUNCATED, "v3 report record " + (r + 1) + " of " + n);
            int rtype = p[o] & 0xFF;
            int auxWords = p[o + 1] & 0xFF;
            int ns = ((p[o + 2] & 0xFF) << 8) | (p[o + 3] & 0xFF);
            int group = Ipv4Packets.getInt(p, o + 4);
            long recLen = 8L + 4L * ns + 4L * auxWords;
            if (o + recLen > end) return drop(DropReason.TRUNCATED, "v3 report record " + (r + 1) + " overruns the message");
            RecordType t = RecordType.of(rtype);
            if (t != null) { // RFC 3376 §4.2.12: unrecognized record types are silently ignored
                if (!Ipv4.isMulticast(group)) return drop(DropReason.BAD_GROUP, "v3 record for " + Ipv4.format(group));
                List<Integer> sources = new ArrayList<>(ns);
                for (int i = 0; i < ns; i++) sources.add(Ipv4Packets.getInt(p, o + 8 + 4 * i));
                records.add(new GroupRecord(t, group, sources));
            }
            o += (int) recLen;
        }
        return new ParseResult.Parsed(new IgmpMessage.V3Report(src, dst, records));
    }

    private static ParseResult drop(DropReason reason, String detail) {
        return new ParseResult.Dropped(reason, detail);
    }

    // ---------------------------------------------------------------- Max Resp Code / QQIC (RFC 3376 §4.1.1, §4.1.7)

    /** Decodes a v3 Max Resp Code (tenths of a second) or QQIC (seconds): below 128 literal, else 1|exp|mant float. */
    public static int decodeExponential(int code) {
        code &= 0xFF;
        if (code < 128) return code;
        int exp = (code >>> 4) & 0x07;
        int mant = code & 0x0F;
        return (mant | 0x10) << (exp + 3);
    }

    /** The smallest code whose decoded value is at least {@code value} (capped at 31744). */
    public static int encodeExponential(int value) {
        if (value < 128) return Math.max(0, value);
        for (int exp = 0; exp < 8; exp++) {
            int mant = (value + (1 << (exp + 3)) - 1) >>> (exp + 3); // round up so we never undercut the value
            if (mant < 32) return 0x80 | (exp << 4) | (mant - 16);
        }
        return 0xFF;
    }

    // ---------------------------------------------------------------- builders

    /** A general or group-specific IGMPv1/v2 query; v1 always has code 0 and group 0. */
    public static byte[] queryV1V2(int source, int version, int maxRespDeciseconds, int group) {
        byte[] m = new byte[8];
        m[0] = IgmpType.MEMBERSHIP_QUERY;
        m[1] = (byte) (version == 1 ? 0 : Math.min(255, maxRespDeciseconds));
        Ipv4Packets.putInt(m, 4, version == 1 ? 0 : group);
        checksum(m);
        int dst = group == 0 || version == 1 ? IgmpType.ALL_SYSTEMS : group;
        return Ipv4Packets.build(source, dst, Ipv4Packets.PROTO_IGMP, 1, TOS_INTERNETWORK_CONTROL, version != 1, m);
    }

    /** An IGMPv3 query: general ({@code group} 0), group-specific, or group-and-source-specific. */
    public static byte[] queryV3(int source, int maxRespDeciseconds, int group, boolean suppressRouterSide, int qrv,
                                 int queryIntervalSeconds, List<Integer> sources) {
        int n = Math.min(sources.size(), MAX_V3_SOURCES_PER_PACKET);
        byte[] m = new byte[12 + 4 * n];
        m[0] = IgmpType.MEMBERSHIP_QUERY;
        m[1] = (byte) encodeExponential(maxRespDeciseconds);
        Ipv4Packets.putInt(m, 4, group);
        m[8] = (byte) ((suppressRouterSide ? 0x08 : 0) | (qrv > 7 ? 0 : qrv)); // QRV above 7 is sent as 0 (§4.1.6)
        m[9] = (byte) encodeExponential(queryIntervalSeconds);
        m[10] = (byte) (n >>> 8);
        m[11] = (byte) n;
        for (int i = 0; i < n; i++) Ipv4Packets.putInt(m, 12 + 4 * i, sources.get(i));
        checksum(m);
        return Ipv4Packets.build(source, group == 0 ? IgmpType.ALL_SYSTEMS : group, Ipv4Packets.PROTO_IGMP, 1,
                TOS_INTERNETWORK_CONTROL, true, m);
    }

    /** An IGMPv1 or v2 membership report, sent to the group. */
    public static byte[] report(int source, int version, int group) {
        byte[] m = new byte[8];
        m[0] = (byte) (version == 1 ? IgmpType.V1_MEMBERSHIP_REPORT : IgmpType.V2_MEMBERSHIP_REPORT);
        Ipv4Packets.putInt(m, 4, group);
        checksum(m);
        return Ipv4Packets.build(source, group, Ipv4Packets.PROTO_IGMP, 1, TOS_INTERNETWORK_CONTROL, version != 1, m);
    }

    /** An IGMPv2 leave group, sent to 224.0.0.2. */
    public static byte[] leave(int source, int group) {
        byte[] m = new byte[8];
        m[0] = IgmpType.V2_LEAVE_GROUP;
        Ipv4Packets.putInt(m, 4, group);
        checksum(m);
        return Ipv4Packets.build(source, IgmpType.ALL_ROUTERS, Ipv4Packets.PROTO_IGMP, 1, TOS_INTERNETWORK_CONTROL, true, m);
    }

    /** An IGMPv3 report with {@code records}, sent to 224.0.0.22. The caller keeps it under the MTU. */
    public static byte[] v3Report(int source, List<GroupRecord> records) {
        int len = 8;
        for (GroupRecord r : records) len += 8 + 4 * r.sources().size();
        byte[] m = new byte[len];
        m[0] = IgmpType.V3_MEMBERSHIP_REPORT;
        m[6] = (byte) (records.size() >>> 8);
        m[7] = (byte) records.size();
        int o = 8;
        for (GroupRecord r : records) {
            m[o] = (byte) r.type().code();
            m[o + 2] = (byte) (r.sources().size() >>> 8);
            m[o + 3] = (byte) r.sources().size();
            Ipv4Packets.putInt(m, o + 4, r.group());
            o += 8;
            for (int s : r.sources()) {
                Ipv4Packets.putInt(m, o, s);
                o += 4;
            }
        }
        checksum(m);
        return Ipv4Packets.build(source, IgmpType.ALL_V3_ROUTERS, Ipv4Packets.PROTO_IGMP, 1, TOS_INTERNETWORK_CONTROL, true, m);
    }

    /** Splits records into reports that fit {@code mtu}; a record with too many sources is split (RFC 3376 §4.2.16). */
    public static List<byte[]> v3Reports(int source, List<GroupRecord> records, int mtu) {
        int room = Math.max(64, mtu) - 24 - 8;
        List<byte[]> out = new ArrayList<>();
        List<GroupRecord> batch = new ArrayList<>();
        int used = 0;
        for (GroupRecord r : records) {
            List<GroupRecord> pieces = new ArrayList<>();
            int maxSources = (room - 8) / 4;
            if (r.sources().size() <= maxSources) pieces.add(r);
            else for (int i = 0; i < r.sources().size(); i += maxSources)
                pieces.add(new GroupRecord(r.type(), r.group(), r.sources().subList(i, Math.min(r.sources().size(), i + maxSources))));
            for (GroupRecord piece : pieces) {
                int size = 8 + 4 * piece.sources().size();
                if (used + size > room && !batch.isEmpty()) {
                    out.add(v3Report(source, batch));
                    batch = new ArrayList<>();
                    used = 0;
                }
                batch.add(piece);
                used += size;
            }
        }
        if (!batch.isEmpty()) out.add(v3Report(source, batch));
        return out;
    }

    private static void checksum(byte[] m) {
        int c = Ipv4Packets.checksum(m, 0, m.length);
        m[2] = (byte) (c >>> 8);
        m[3] = (byte) c;
    }
}
