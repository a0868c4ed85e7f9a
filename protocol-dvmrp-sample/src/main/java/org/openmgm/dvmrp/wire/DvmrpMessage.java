package org.openmgm.dvmrp.wire;

import java.util.List;
import java.util.Objects;
import org.openmgm.api.Ipv4;

/** A DVMRP message (IGMP type 0x13), one record per code. Build bytes with {@link DvmrpCodec#encode}. */
public sealed interface DvmrpMessage {
    int IGMP_TYPE_DVMRP = 0x13;
    int CODE_PROBE = 1;
    int CODE_REPORT = 2;
    int CODE_ASK_NEIGHBORS2 = 5;
    int CODE_NEIGHBORS2 = 6;
    int CODE_PRUNE = 7;
    int CODE_GRAFT = 8;
    int CODE_GRAFT_ACK = 9;

    Header header();

    int code();

    /** Probe: generation id and the neighbours heard on the interface. */
    record Probe(Header header, int generationId, List<Integer> neighbors) implements DvmrpMessage {
        public Probe {
            Objects.requireNonNull(header);
            neighbors = List.copyOf(neighbors);
        }

        public int code() { return CODE_PROBE; }
    }

    /** Route report: (origin, mask, metric) entries in wire order. */
    record Report(Header header, List<RouteEntry> routes) implements DvmrpMessage {
        public Report {
            Objects.requireNonNull(header);
            routes = List.copyOf(routes);
        }

        public int code() { return CODE_REPORT; }
    }

    /** Ask Neighbors 2 (mrinfo's request): header only. */
    record AskNeighbors2(Header header) implements DvmrpMessage {
        public int code() { return CODE_ASK_NEIGHBORS2; }
    }

    /** Neighbors 2: one entry per local interface. */
    record Neighbors2(Header header, List<Neighbors2Entry> interfaces) implements DvmrpMessage {
        public Neighbors2 {
            Objects.requireNonNull(header);
            interfaces = List.copyOf(interfaces);
        }

        public int code() { return CODE_NEIGHBORS2; }
    }

    /**
     * Prune: source (host or origin network), group, lifetime in seconds, and the optional source mask
     * ({@code sourceMask} null when absent, as mrouted sends it).
     */
    record Prune(Header header, int source, int group, int lifetime, Integer sourceMask) implements DvmrpMessage {
        public int code() { return CODE_PRUNE; }

        public long lifetimeSeconds() { return Integer.toUnsignedLong(lifetime); }

        @Override
        public String toString() {
            return "Prune(" + Ipv4.format(source) + ", " + Ipv4.format(group) + ", " + lifetimeSeconds() + "s"
                    + (sourceMask == null ? "" : ", mask " + Ipv4.format(sourceMask)) + ")";
        }
    }

    /** Graft: source, group and optional source mask. */
    record Graft(Header header, int source, int group, Integer sourceMask) implements DvmrpMessage {
        public int code() { return CODE_GRAFT; }

        @Override
        public String toString() {
            return "Graft(" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")";
        }
    }

    /** Graft-Ack: echoes the graft's source, group and optional mask. */
    record GraftAck(Header header, int source, int group, Integer sourceMask) implements DvmrpMessage {
        public int code() { return CODE_GRAFT_ACK; }

        @Override
        public String toString() {
            return "GraftAck(" + Ipv4.format(source) + ", " + Ipv4.format(group) + ")";
        }
    }
}
