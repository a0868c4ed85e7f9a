package org.openmgm.pim.packet;

import static org.openmgm.pim.packet.PimParseException.Reason.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.pim.packet.PimMessage.*;

/**
 * Parses and builds PIMv2 messages (the bytes after the IPv4 header). Every read is bounds-checked;
 * anything that does not fit the format raises {@link PimParseException} with the counter to bump.
 *
 * <p>Checksums: over the whole message, except Register where RFC 7761 §4.9.3 covers only the first
 * 8 bytes. Some old implementations checksum the whole Register; such Registers are accepted too.
 */
public final class PimCodec {
    public static final int PIM_VERSION = 2;
    public static final int AF_IPV4 = 1, AF_IPV6 = 2;
    public static final int OPT_HOLDTIME = 1, OPT_LAN_PRUNE_DELAY = 2, OPT_DR_PRIORITY = 19, OPT_GENERATION_ID = 20,
            OPT_ADDRESS_LIST = 24;
    private static final int MAX_ENTRIES = 4096;

    private PimCodec() {}

    public static PimMessage parse(byte[] data) throws PimParseException {
        return parse(data, 0, data.length);
    }

    /** Parses the PIM message in {@code data[off, off+len)}. */
    public static PimMessage parse(byte[] data, int off, int len) throws PimParseException {
        if (off < 0 || len < 0 || off + len > data.length) throw new PimParseException(TRUNCATED, "bad bounds");
        if (len < 4) throw new PimParseException(TRUNCATED, "shorter than the PIM header: " + len);
        int version = (data[off] & 0xFF) >>> 4;
        int type = data[off] & 0x0F;
        if (version != PIM_VERSION) throw new PimParseException(BAD_VERSION, "PIM version " + version);
        if (type == PimMessage.REGISTER) {
            if (len < 8) throw new PimParseException(TRUNCATED, "register shorter than 8 bytes");
            if (Ipv4Packets.checksum(data, off, 8) != 0 && Ipv4Packets.checksum(data, off, len) != 0)
                throw new PimParseException(BAD_CHECKSUM, "register checksum");
        } else if (Ipv4Packets.checksum(data, off, len) != 0) {
            throw new PimParseException(BAD_CHECKSUM, PimMessage.typeName(type) + " checksum");
        }
        Reader r = new Reader(data, off + 4, off + len);
        PimMessage m = switch (type) {
            case PimMessage.HELLO -> hello(r);
            case PimMessage.REGISTER -> register(r);
            case PimMessage.REGISTER_STOP -> new RegisterStop(r.group(), r.unicast());
            case PimMessage.JOIN_PRUNE, PimMessage.GRAFT, PimMessage.GRAFT_ACK -> joinPrune(type, r);
            case PimMessage.BOOTSTRAP -> bootstrap(r);
            case PimMessage.ASSERT -> assertMessage(r);
            case PimMessage.CANDIDATE_RP_ADVERTISEMENT -> candidateRp(r);
            default -> throw new PimParseException(UNKNOWN_TYPE, "PIM type " + type);
        };
        return m;
    }

    private static Hello hello(Reader r) throws PimParseException {
        Integer holdtime = null;
        Long drPriority = null;
        Integer genId = null;
        LanPruneDelay lpd = null;
        List<Integer> addresses = new ArrayList<>();
        List<Integer> unknown = new ArrayList<>();
        int foreign = 0;
        while (r.remaining() > 0) {
            int optType = r.u16();
            int optLen = r.u16();
            int end = r.pos + optLen;
            if (end > r.end) throw new PimParseException(TRUNCATED, "hello option " + optType + " length " + optLen);
            switch (optType) {
                case OPT_HOLDTIME -> {
                    if (optLen != 2) throw new PimParseException(MALFORMED, "holdtime option length " + optLen);
                    holdtime = r.u16();
                }
                case OPT_LAN_PRUNE_DELAY -> {
                    if (optLen != 4) throw new PimParseException(MALFORMED, "LAN prune delay option length " + optLen);
                    int d = r.u16();
                    lpd = new LanPruneDelay((d & 0x8000) != 0, d & 0x7FFF, r.u16());
                }
                case OPT_DR_PRIORITY -> {
                    if (optLen != 4) throw new PimParseException(MALFORMED, "DR priority option length " + optLen);
                    drPriority = r.u32() & 0xFFFFFFFFL;
                }
                case OPT_GENERATION_ID -> {
                    if (optLen != 4) throw new PimParseException(MALFORMED, "generation id option length " + optLen);
                    genId = r.u32();
                }
                case OPT_ADDRESS_LIST -> {
                    // Tolerant: other families (FRR's IPv6 link-local) are counted and skipped.
                    Reader a = new Reader(r.data, r.pos, end);
                    while (a.remaining() >= 2) {
                        int family = a.u8();
                        int encoding = a.u8();
                        int alen = family == AF_IPV4 ? 4 : family == AF_IPV6 ? 16 : -1;
                        if (alen < 0 || encoding != 0 || a.remaining() < alen) {
                            foreign++;
                            break;
                        }
                        if (family == AF_IPV4) addresses.add(a.u32());
                        else {
                            a.skip(16);
                            foreign++;
                        }
                    }
                    r.pos = end;
                }
                default -> {
                    unknown.add(optType);
                    r.pos = end;
                }
            }
            r.pos = end;
        }
        return new Hello(holdtime, lpd, drPriority, genId, addresses, foreign, unknown);
    }

    private static Register register(Reader r) throws PimParseException {
        int flags = r.u32();
        byte[] packet = r.rest();
        return new Register((flags & 0x80000000) != 0, (flags & 0x40000000) != 0, packet);
    }

    private static JoinPrune joinPrune(int type, Reader r) throws PimParseException {
        int upstream = r.unicast();
        r.u8(); // reserved
        int groupCount = r.u8();
        int holdtime = r.u16();
        List<GroupSet> groups = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            EncodedGroup g = r.group();
            int joined = r.u16();
            int pruned = r.u16();
            // each encoded source is 8 bytes: reject counts that cannot fit before allocating
            if ((long) (joined + pruned) * 8 > r.remaining())
                throw new PimParseException(TRUNCATED, "join/prune source counts " + joined + "+" + pruned);
            List<EncodedSource> js = new ArrayList<>(joined);
            for (int j = 0; j < joined; j++) js.add(r.source());
            List<EncodedSource> ps = new ArrayList<>(pruned);
            for (int j = 0; j < pruned; j++) ps.add(r.source());
            groups.add(new GroupSet(g, js, ps));
        }
        return new JoinPrune(type, upstream, holdtime, groups);
    }

    private static Bootstrap bootstrap(Reader r) throws PimParseException {
        int tag = r.u16();
        int hashLen = r.u8();
        int prio = r.u8();
        int bsr = r.unicast();
        List<GroupRpSet> sets = new ArrayList<>();
        while (r.remaining() > 0) {
            if (sets.size() >= MAX_ENTRIES) throw new PimParseException(MALFORMED, "too many bootstrap group ranges");
            EncodedGroup g = r.group();
            int rpCount = r.u8();
            int fragRpCount = r.u8();
            r.u16();
            if ((long) fragRpCount * 8 > r.remaining()) throw new PimParseException(TRUNCATED, "bootstrap RP count " + fragRpCount);
            List<RpEntry> rps = new ArrayList<>(fragRpCount);
            for (int i = 0; i < fragRpCount; i++) {
                int addr = r.unicast();
                int hold = r.u16();
                int p = r.u8();
                r.u8();
                rps.add(new RpEntry(addr, hold, p));
            }
            sets.add(new GroupRpSet(g, rpCount, fragRpCount, rps));
        }
        return new Bootstrap(tag, hashLen, prio, bsr, sets);
    }

    private static Assert assertMessage(Reader r) throws PimParseException {
        EncodedGroup g = r.group();
        int s = r.unicast();
        int pref = r.u32();
        int metric = r.u32();
        return new Assert(g, s, (pref & 0x80000000) != 0, pref & 0x7FFFFFFF, metric);
    }

    private static CandidateRpAdvertisement candidateRp(Reader r) throws PimParseException {
        int prefixCount = r.u8();
        int prio = r.u8();
        int hold = r.u16();
        int rp = r.unicast();
        if ((long) prefixCount * 8 > r.remaining()) throw new PimParseException(TRUNCATED, "C-RP prefix count " + prefixCount);
        List<EncodedGroup> gs = new ArrayList<>(prefixCount);
        for (int i = 0; i < prefixCount; i++) gs.add(r.group());
        return new CandidateRpAdvertisement(prio, hold, rp, gs);
    }

    // ---------------------------------------------------------------------------------------- encoding

    /** Encodes {@code m} with its checksum filled in. */
    public static byte[] encode(PimMessage m) {
        Writer w = new Writer();
        w.u8((PIM_VERSION << 4) | m.type());
        w.u8(0);
        w.u16(0);
        switch (m) {
            case Hello h -> {
                if (h.holdtime() != null) { w.u16(OPT_HOLDTIME); w.u16(2); w.u16(h.holdtime()); }
                if (h.lanPruneDelay() != null) {
                    LanPruneDelay d = h.lanPruneDelay();
                    w.u16(OPT_LAN_PRUNE_DELAY); w.u16(4);
                    w.u16((d.joinSuppressionDisabled() ? 0x8000 : 0) | (d.propagationDelayMillis() & 0x7FFF));
                    w.u16(d.overrideIntervalMillis());
                }
                if (h.drPriority() != null) { w.u16(OPT_DR_PRIORITY); w.u16(4); w.u32((int) (long) h.drPriority()); }
                if (h.generationId() != null) { w.u16(OPT_GENERATION_ID); w.u16(4); w.u32(h.generationId()); }
                if (!h.addressList().isEmpty()) {
                    w.u16(OPT_ADDRESS_LIST); w.u16(6 * h.addressList().size());
                    for (int a : h.addressList()) w.unicast(a);
                }
            }
            case Register reg -> {
                w.u32((reg.border() ? 0x80000000 : 0) | (reg.nullRegister() ? 0x40000000 : 0));
                w.bytes(reg.packet());
            }
            case RegisterStop rs -> { w.group(rs.group()); w.unicast(rs.source()); }
            case JoinPrune jp -> {
                w.unicast(jp.upstreamNeighbor());
                w.u8(0);
                w.u8(jp.groups().size());
                w.u16(jp.holdtime());
                for (GroupSet gs : jp.groups()) {
                    w.group(gs.group());
                    w.u16(gs.joins().size());
                    w.u16(gs.prunes().size());
                    for (EncodedSource s : gs.joins()) w.source(s);
                    for (EncodedSource s : gs.prunes()) w.source(s);
                }
            }
            case Bootstrap b -> {
                w.u16(b.fragmentTag()); w.u8(b.hashMaskLength()); w.u8(b.bsrPriority()); w.unicast(b.bsrAddress());
                for (GroupRpSet s : b.groups()) {
                    w.group(s.group()); w.u8(s.rpCount()); w.u8(s.rps().size()); w.u16(0);
                    for (RpEntry e : s.rps()) { w.unicast(e.address()); w.u16(e.holdtime()); w.u8(e.priority()); w.u8(0); }
                }
            }
            case Assert a -> {
                w.group(a.group()); w.unicast(a.source());
                w.u32((a.rpt() ? 0x80000000 : 0) | (a.metricPreference() & 0x7FFFFFFF));
                w.u32(a.metric());
            }
            case CandidateRpAdvertisement c -> {
                w.u8(c.groups().size()); w.u8(c.priority()); w.u16(c.holdtime()); w.unicast(c.rpAddress());
                for (EncodedGroup g : c.groups()) w.group(g);
            }
        }
        byte[] out = w.toByteArray();
        int sum = Ipv4Packets.checksum(out, 0, m.type() == PimMessage.REGISTER ? 8 : out.length);
        out[2] = (byte) (sum >>> 8);
        out[3] = (byte) sum;
        return out;
    }

    private static final class Reader {
        final byte[] data;
        int pos;
        final int end;

        Reader(byte[] data, int pos, int end) {
            this.data = data;
            this.pos = pos;
            this.end = end;
        }

        int remaining() {
            return end - pos;
        }

        void need(int n) throws PimParseException {
            if (end - pos < n) throw new PimParseException(TRUNCATED, "need " + n + " bytes at offset " + pos + ", have " + (end - pos));
        }

        void skip(int n) throws PimParseException {
            need(n);
            pos += n;
        }

        int u8() throws PimParseException {
            need(1);
            return data[pos++] & 0xFF;
        }

        int u16() throws PimParseException {
            need(2);
            int v = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
            pos += 2;
            return v;
        }

        int u32() throws PimParseException {
            need(4);
            int v = Ipv4Packets.getInt(data, pos);
            pos += 4;
            return v;
        }

        byte[] rest() {
            byte[] b = java.util.Arrays.copyOfRange(data, pos, end);
            pos = end;
            return b;
        }

        int family() throws PimParseException {
            int family = u8();
            int enc = u8();
            if (family != AF_IPV4) throw new PimParseException(BAD_ADDRESS_FAMILY, "address family " + family);
            if (enc != 0) throw new PimParseException(MALFORMED, "encoding type " + enc);
            return family;
        }

        int unicast() throws PimParseException {
            family();
            return u32();
        }

        EncodedGroup group() throws PimParseException {
            family();
            int flags = u8();
            int maskLen = u8();
            if (maskLen > 32) throw new PimParseException(MALFORMED, "group mask length " + maskLen);
            return new EncodedGroup(u32(), maskLen, (flags & 0x80) != 0, (flags & 0x01) != 0);
        }

        EncodedSource source() throws PimParseException {
            family();
            int flags = u8();
            int maskLen = u8();
            if (maskLen > 32) throw new PimParseException(MALFORMED, "source mask length " + maskLen);
            return new EncodedSource(u32(), maskLen, (flags & 0x04) != 0, (flags & 0x02) != 0, (flags & 0x01) != 0);
        }
    }

    private static final class Writer {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        void u8(int v) { out.write(v); }

        void u16(int v) { out.write(v >>> 8); out.write(v); }

        void u32(int v) { u16(v >>> 16); u16(v & 0xFFFF); }

        void bytes(byte[] b) { out.writeBytes(b); }

        void unicast(int a) { u8(AF_IPV4); u8(0); u32(a); }

        void group(EncodedGroup g) {
            u8(AF_IPV4); u8(0); u8((g.bidirectional() ? 0x80 : 0) | (g.adminScopeZone() ? 0x01 : 0)); u8(g.maskLength()); u32(g.address());
        }

        void source(EncodedSource s) {
            u8(AF_IPV4); u8(0);
            u8((s.sparse() ? 0x04 : 0) | (s.wildcard() ? 0x02 : 0) | (s.rpt() ? 0x01 : 0));
            u8(s.maskLength()); u32(s.address());
        }

        byte[] toByteArray() { return out.toByteArray(); }
    }
}
