package org.openmgm.dvmrp.wire;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.dvmrp.wire.DvmrpMessage.*;

/**
 * Parses and builds DVMRP messages. Parsing is bounds-checked everywhere and reports every failure as a
 * {@link DvmrpParseException} with a {@link DropReason}; it never throws anything else.
 *
 * <p>Route reports use the compression of draft-ietf-idmr-dvmrp-v3-11 §4.3: a 3-byte mask (the high
 * byte is implied 255), then (origin, metric) pairs whose origin carries only as many bytes as the
 * mask has significant bytes (1 to 4); the high bit of the metric ends the list of the current mask.
 * Origin 0 with mask 255.0.0.0 means the default route 0.0.0.0/0.
 */
public final class DvmrpCodec {
    /** IGMP header + DVMRP word: type, code, checksum, reserved, capabilities, minor, major. */
    public static final int HEADER_LENGTH = 8;
    /** The IP header OpenMGM sends DVMRP with: 20 bytes + Router Alert, as mrouted does. */
    public static final int IP_HEADER_LENGTH = 24;

    private DvmrpCodec() {}

    /** An IPv4 packet carrying a DVMRP message. */
    public record IpDvmrp(int source, int destination, int ttl, DvmrpMessage message) {}

    /**
     * Parses an IPv4 packet; returns null if it is IGMP but not DVMRP (another IGMP type, which is
     * not an error for DVMRP).
     */
    public static IpDvmrp parseIp(byte[] ip, int length) throws DvmrpParseException {
        if (ip == null) throw new DvmrpParseException(DropReason.BAD_IP_HEADER, "no packet");
        length = Math.min(length, ip.length);
        int hl = Ipv4Packets.headerLength(ip, length);
        if (hl < 0) throw new DvmrpParseException(DropReason.BAD_IP_HEADER, "not an IPv4 header");
        int total = Ipv4Packets.totalLength(ip);
        if (total < hl || total > length) throw new DvmrpParseException(DropReason.BAD_IP_HEADER, "total length " + total + " with " + length + " bytes");
        if (Ipv4Packets.protocol(ip) != Ipv4Packets.PROTO_IGMP) throw new DvmrpParseException(DropReason.BAD_IP_HEADER, "IP protocol " + Ipv4Packets.protocol(ip));
        if (total - hl >= 1 && (ip[hl] & 0xFF) != DvmrpMessage.IGMP_TYPE_DVMRP) return null;
        DvmrpMessage m = parse(ip, hl, total - hl);
        return new IpDvmrp(Ipv4Packets.source(ip), Ipv4Packets.destination(ip), Ipv4Packets.ttl(ip), m);
    }

    /** Parses the DVMRP message (the IGMP payload) in {@code b[off, off+len)}. */
    public static DvmrpMessage parse(byte[] b, int off, int len) throws DvmrpParseException {
        if (b == null || off < 0 || len < 0 || off > b.length || len > b.length - off)
            throw new DvmrpParseException(DropReason.TOO_SHORT, "bad bounds");
        if (len < HEADER_LENGTH) throw new DvmrpParseException(DropReason.TOO_SHORT, len + " bytes");
        if ((b[off] & 0xFF) != DvmrpMessage.IGMP_TYPE_DVMRP)
            throw new DvmrpParseException(DropReason.UNKNOWN_CODE, "IGMP type 0x" + Integer.toHexString(b[off] & 0xFF));
        if (Ipv4Packets.checksum(b, off, len) != 0) throw new DvmrpParseException(DropReason.BAD_CHECKSUM, "checksum 0x" + Integer.toHexString(u16(b, off + 2)));
        int code = b[off + 1] & 0xFF;
        Header h = new Header(b[off + 4] & 0xFF, b[off + 5] & 0xFF, b[off + 6] & 0xFF, b[off + 7] & 0xFF);
        int p = off + HEADER_LENGTH, end = off + len, body = len - HEADER_LENGTH;
        return switch (code) {
            case DvmrpMessage.CODE_PROBE -> {
                if (body < 4) throw new DvmrpParseException(DropReason.TRUNCATED, "probe without generation id");
                if ((body - 4) % 4 != 0) throw new DvmrpParseException(DropReason.TRUNCATED, "probe neighbour list of " + (body - 4) + " bytes");
                int genId = Ipv4Packets.getInt(b, p);
                List<Integer> nbrs = new ArrayList<>();
                for (int i = p + 4; i < end; i += 4) nbrs.add(Ipv4Packets.getInt(b, i));
                yield new Probe(h, genId, nbrs);
            }
            case DvmrpMessage.CODE_REPORT -> new Report(h, parseRoutes(b, p, end));
            case DvmrpMessage.CODE_ASK_NEIGHBORS2 -> {
                if (body != 0) throw new DvmrpParseException(DropReason.TRAILING_DATA, body + " bytes after ask-neighbors2");
                yield new AskNeighbors2(h);
            }
            case DvmrpMessage.CODE_NEIGHBORS2 -> {
                List<Neighbors2Entry> entries = new ArrayList<>();
                int i = p;
                while (i < end) {
                    if (end - i < 8) throw new DvmrpParseException(DropReason.TRUNCATED, "neighbors2 entry");
                    int local = Ipv4Packets.getInt(b, i);
                    int metric = b[i + 4] & 0xFF, threshold = b[i + 5] & 0xFF, flags = b[i + 6] & 0xFF, count = b[i + 7] & 0xFF;
                    i += 8;
                    if (end - i < 4 * count) throw new DvmrpParseException(DropReason.TRUNCATED, "neighbors2 list of " + count);
                    List<Integer> nbrs = new ArrayList<>(count);
                    for (int k = 0; k < count; k++, i += 4) nbrs.add(Ipv4Packets.getInt(b, i));
                    entries.add(new Neighbors2Entry(local, metric, threshold, flags, nbrs));
                }
                yield new Neighbors2(h, entries);
            }
            case DvmrpMessage.CODE_PRUNE -> {
                if (body < 12) throw new DvmrpParseException(DropReason.TRUNCATED, "prune of " + body + " bytes");
                if (body != 12 && body != 16) throw new DvmrpParseException(DropReason.TRAILING_DATA, "prune of " + body + " bytes");
                yield new Prune(h, Ipv4Packets.getInt(b, p), Ipv4Packets.getInt(b, p + 4), Ipv4Packets.getInt(b, p + 8),
                        body == 16 ? Ipv4Packets.getInt(b, p + 12) : null);
            }
            case DvmrpMessage.CODE_GRAFT, DvmrpMessage.CODE_GRAFT_ACK -> {
                if (body < 8) throw new DvmrpParseException(DropReason.TRUNCATED, "graft of " + body + " bytes");
                if (body != 8 && body != 12) throw new DvmrpParseException(DropReason.TRAILING_DATA, "graft of " + body + " bytes");
                int s = Ipv4Packets.getInt(b, p), g = Ipv4Packets.getInt(b, p + 4);
                Integer mask = body == 12 ? Ipv4Packets.getInt(b, p + 8) : null;
                yield code == DvmrpMessage.CODE_GRAFT ? new Graft(h, s, g, mask) : new GraftAck(h, s, g, mask);
            }
            default -> throw new DvmrpParseException(DropReason.UNKNOWN_CODE, "code " + code);
        };
    }

    private static List<RouteEntry> parseRoutes(byte[] b, int p, int end) throws DvmrpParseException {
        List<RouteEntry> routes = new ArrayList<>();
        while (p < end) {
            if (end - p < 3) throw new DvmrpParseException(DropReason.TRUNCATED, "report mask");
            int mask = 0xFF000000 | ((b[p] & 0xFF) << 16) | ((b[p + 1] & 0xFF) << 8) | (b[p + 2] & 0xFF);
            p += 3;
            if (Ipv4.prefixLength(mask) < 0) throw new DvmrpParseException(DropReason.BAD_ROUTE, "non-contiguous mask " + Ipv4.format(mask));
            int width = originWidth(mask);
            boolean last;
            do {
                if (end - p < width + 1) throw new DvmrpParseException(DropReason.TRUNCATED, "report origin");
                int origin = 0;
                for (int k = 0; k < 4; k++) origin = (origin << 8) | (k < width ? b[p + k] & 0xFF : 0);
                p += width;
                int metricByte = b[p++] & 0xFF;
                last = (metricByte & 0x80) != 0;
                int entryMask = mask;
                if (mask == 0xFF000000 && origin == 0) entryMask = 0;
                if ((origin & ~entryMask) != 0) throw new DvmrpParseException(DropReason.BAD_ROUTE, "host bits in origin " + Ipv4.format(origin));
                routes.add(new RouteEntry(origin, entryMask, metricByte & 0x7F));
            } while (!last);
        }
        return routes;
    }

    private static int originWidth(int mask) {
        if ((mask & 0x00FFFFFF) == 0) return 1;
        if ((mask & 0x0000FFFF) == 0) return 2;
        if ((mask & 0x000000FF) == 0) return 3;
        return 4;
    }

    /** Encoded size of a report carrying {@code routes} (for splitting reports to fit the MTU). */
    public static int reportBodyLength(List<RouteEntry> routes) {
        int n = 0, prevMask = 1;
        boolean first = true;
        for (RouteEntry r : routes) {
            int wireMask = r.mask() == 0 ? 0xFF000000 : r.mask();
            if (first || wireMask != prevMask) n += 3;
            n += originWidth(wireMask) + 1;
            prevMask = wireMask;
            first = false;
        }
        return n;
    }

    /** Builds the DVMRP message bytes (IGMP payload), checksum filled in. */
    public static byte[] encode(DvmrpMessage m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        Header h = m.header();
        out.write(DvmrpMessage.IGMP_TYPE_DVMRP);
        out.write(m.code());
        out.write(0);
        out.write(0);
        out.write(h.reserved());
        out.write(h.capabilities());
        out.write(h.minor());
        out.write(h.major());
        switch (m) {
            case Probe pr -> {
                putInt(out, pr.generationId());
                for (int n : pr.neighbors()) putInt(out, n);
            }
            case Report r -> encodeRoutes(out, r.routes());
            case AskNeighbors2 a -> { }
            case Neighbors2 n -> {
                for (Neighbors2Entry e : n.interfaces()) {
                    putInt(out, e.localAddress());
                    out.write(e.metric());
                    out.write(e.threshold());
                    out.write(e.flags());
                    out.write(e.neighbors().size());
                    for (int a : e.neighbors()) putInt(out, a);
                }
            }
            case Prune p -> {
                putInt(out, p.source());
                putInt(out, p.group());
                putInt(out, p.lifetime());
                if (p.sourceMask() != null) putInt(out, p.sourceMask());
            }
            case Graft g -> {
                putInt(out, g.source());
                putInt(out, g.group());
                if (g.sourceMask() != null) putInt(out, g.sourceMask());
            }
            case GraftAck g -> {
                putInt(out, g.source());
                putInt(out, g.group());
                if (g.sourceMask() != null) putInt(out, g.sourceMask());
            }
        }
        byte[] b = out.toByteArray();
        int c = Ipv4Packets.checksum(b, 0, b.length);
        b[2] = (byte) (c >>> 8);
        b[3] = (byte) c;
        return b;
    }

    private static void encodeRoutes(ByteArrayOutputStream out, List<RouteEntry> routes) {
        for (int i = 0; i < routes.size(); ) {
            int wireMask = wireMask(routes.get(i));
            out.write(wireMask >>> 16);
            out.write(wireMask >>> 8);
            out.write(wireMask);
            int width = originWidth(wireMask);
            int j = i;
            while (j < routes.size() && wireMask(routes.get(j)) == wireMask) j++;
            for (int k = i; k < j; k++) {
                RouteEntry r = routes.get(k);
                for (int x = 0; x < width; x++) out.write(r.network() >>> (24 - 8 * x));
                out.write(r.metric() | (k == j - 1 ? 0x80 : 0));
            }
            i = j;
        }
    }

    private static int wireMask(RouteEntry r) {
        return r.mask() == 0 ? 0xFF000000 : r.mask();
    }

    /**
     * Builds the IPv4 packet as mrouted sends DVMRP: TOS 0xC0, Router Alert, TTL 1 to a group,
     * 255 to a unicast neighbour.
     */
    public static byte[] encodeIp(int source, int destination, DvmrpMessage m) {
        int ttl = Ipv4.isMulticast(destination) ? 1 : 255;
        return Ipv4Packets.build(source, destination, Ipv4Packets.PROTO_IGMP, ttl, 0xC0, true, encode(m));
    }

    /** Splits {@code routes} into reports whose DVMRP message fits in {@code maxMessageBytes}. */
    public static List<Report> splitReports(Header h, List<RouteEntry> routes, int maxMessageBytes) {
        List<Report> out = new ArrayList<>();
        List<RouteEntry> cur = new ArrayList<>();
        for (RouteEntry r : routes) {
            cur.add(r);
            if (HEADER_LENGTH + reportBodyLength(cur) > maxMessageBytes && cur.size() > 1) {
                cur.removeLast();
                out.add(new Report(h, cur));
                cur = new ArrayList<>();
                cur.add(r);
            }
        }
        if (!cur.isEmpty()) out.add(new Report(h, cur));
        return out;
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xFF) << 8) | (b[off + 1] & 0xFF);
    }

    private static void putInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
