package org.openmgm.pim.packet;

import java.util.List;
import org.openmgm.api.Ipv4;

/** A parsed PIMv2 message. Addresses are IPv4 ints in network order ({@link Ipv4}). */
public sealed interface PimMessage {
    int HELLO = 0, REGISTER = 1, REGISTER_STOP = 2, JOIN_PRUNE = 3, BOOTSTRAP = 4, ASSERT = 5, GRAFT = 6,
            GRAFT_ACK = 7, CANDIDATE_RP_ADVERTISEMENT = 8;

    /** The PIM type number. */
    int type();

    /** Name used in statistics and logs. */
    static String typeName(int type) {
        return switch (type) {
            case HELLO -> "hello";
            case REGISTER -> "register";
            case REGISTER_STOP -> "registerStop";
            case JOIN_PRUNE -> "joinPrune";
            case BOOTSTRAP -> "bootstrap";
            case ASSERT -> "assert";
            case GRAFT -> "graft";
            case GRAFT_ACK -> "graftAck";
            case CANDIDATE_RP_ADVERTISEMENT -> "candidateRpAdvertisement";
            default -> "type" + type;
        };
    }

    /**
     * Hello (§4.9.2). Absent options are null. {@code addressList} holds the IPv4 secondary addresses;
     * {@code foreignAddresses} counts entries of other families (FRR puts an IPv6 link-local address in
     * the Address List of its IPv4 hellos).
     */
    record Hello(Integer holdtime, LanPruneDelay lanPruneDelay, Long drPriority, Integer generationId,
                 List<Integer> addressList, int foreignAddresses, List<Integer> unknownOptionTypes) implements PimMessage {
        public Hello {
            addressList = List.copyOf(addressList);
            unknownOptionTypes = List.copyOf(unknownOptionTypes);
        }

        public static Hello of(int holdtime, long drPriority, int generationId) {
            return new Hello(holdtime, null, drPriority, generationId, List.of(), 0, List.of());
        }

        public Hello withLanPruneDelay(LanPruneDelay d) {
            return new Hello(holdtime, d, drPriority, generationId, addressList, foreignAddresses, unknownOptionTypes);
        }

        @Override
        public int type() {
            return HELLO;
        }
    }

    /** LAN Prune Delay option: T bit, propagation delay and override interval in milliseconds. */
    record LanPruneDelay(boolean joinSuppressionDisabled, int propagationDelayMillis, int overrideIntervalMillis) {}

    /** Register (§4.9.3): B and N bits and the encapsulated IPv4 packet (a dummy header for a Null-Register). */
    record Register(boolean border, boolean nullRegister, byte[] packet) implements PimMessage {
        @Override
        public int type() {
            return REGISTER;
        }
    }

    /** Register-Stop (§4.9.4). Source 0 means "all sources of the group". */
    record RegisterStop(EncodedGroup group, int source) implements PimMessage {
        @Override
        public int type() {
            return REGISTER_STOP;
        }
    }

    /** Join/Prune (§4.9.5); the same body carries PIM-DM Graft and Graft-Ack (RFC 3973 §4.7.3), see {@link #type()}. */
    record JoinPrune(int messageType, int upstreamNeighbor, int holdtime, List<GroupSet> groups) implements PimMessage {
        public JoinPrune {
            groups = List.copyOf(groups);
        }

        public JoinPrune(int upstreamNeighbor, int holdtime, List<GroupSet> groups) {
            this(JOIN_PRUNE, upstreamNeighbor, holdtime, groups);
        }

        @Override
        public int type() {
            return messageType;
        }
    }

    /** One group of a Join/Prune: its joined and pruned sources. */
    record GroupSet(EncodedGroup group, List<EncodedSource> joins, List<EncodedSource> prunes) {
        public GroupSet {
            joins = List.copyOf(joins);
            prunes = List.copyOf(prunes);
        }
    }

    /** Assert (§4.9.6). Source 0 with R set is a (*,G) assert. */
    record Assert(EncodedGroup group, int source, boolean rpt, int metricPreference, int metric) implements PimMessage {
        @Override
        public int type() {
            return ASSERT;
        }
    }

    /** Bootstrap (RFC 5059 §4.1). Parsed and built; this sample does not run BSR. */
    record Bootstrap(int fragmentTag, int hashMaskLength, int bsrPriority, int bsrAddress, List<GroupRpSet> groups) implements PimMessage {
        public Bootstrap {
            groups = List.copyOf(groups);
        }

        @Override
        public int type() {
            return BOOTSTRAP;
        }
    }

    /** One group range of a Bootstrap message with its candidate RPs. */
    record GroupRpSet(EncodedGroup group, int rpCount, int fragmentRpCount, List<RpEntry> rps) {
        public GroupRpSet {
            rps = List.copyOf(rps);
        }
    }

    record RpEntry(int address, int holdtime, int priority) {}

    /** Candidate-RP-Advertisement (RFC 5059 §4.2). */
    record CandidateRpAdvertisement(int priority, int holdtime, int rpAddress, List<EncodedGroup> groups) implements PimMessage {
        public CandidateRpAdvertisement {
            groups = List.copyOf(groups);
        }

        @Override
        public int type() {
            return CANDIDATE_RP_ADVERTISEMENT;
        }
    }
}
