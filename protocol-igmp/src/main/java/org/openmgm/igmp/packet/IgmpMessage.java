package org.openmgm.igmp.packet;

import java.util.List;
import org.openmgm.api.Ipv4;

/** A parsed IGMP message together with the IPv4 addresses it came with. */
public sealed interface IgmpMessage {

    /** IP source address. */
    int source();

    /** IP destination address. */
    int destination();

    /** Short name for statistics: v1Query, v2Query, v3Query, v1Report, v2Report, v2Leave, v3Report. */
    String kind();

    /**
     * A membership query of any version. {@code maxRespDeciseconds} is already decoded (RFC 3376 §4.1.1); for
     * a v1 query it is 100 (10 s, RFC 2236 §4). {@code group} 0 is a general query. v3-only fields are 0/false/empty
     * for older versions.
     */
    record Query(int source, int destination, int version, int maxRespCode, int maxRespDeciseconds, int group,
                 boolean suppressRouterSide, int qrv, int qqic, int queryIntervalSeconds, List<Integer> sources)
            implements IgmpMessage {
        public Query {
            sources = List.copyOf(sources);
        }

        public boolean general() {
            return group == 0;
        }

        @Override
        public String kind() {
            return "v" + version + "Query";
        }

        @Override
        public String toString() {
            return kind() + "[from " + Ipv4.format(source) + (group == 0 ? ", general" : ", group " + Ipv4.format(group))
                    + (sources.isEmpty() ? "" : ", " + sources.size() + " sources") + ", maxResp " + maxRespDeciseconds + "ds]";
        }
    }

    /** An IGMPv1 (type 0x12) or IGMPv2 (type 0x16) membership report. */
    record Report(int source, int destination, int version, int group) implements IgmpMessage {
        @Override
        public String kind() {
            return "v" + version + "Report";
        }
    }

    /** An IGMPv2 leave group. */
    record Leave(int source, int destination, int group) implements IgmpMessage {
        @Override
        public String kind() {
            return "v2Leave";
        }
    }

    /** An IGMPv3 membership report; records of unknown types are left out (RFC 3376 §4.2.12). */
    record V3Report(int source, int destination, List<GroupRecord> records) implements IgmpMessage {
        public V3Report {
            records = List.copyOf(records);
        }

        @Override
        public String kind() {
            return "v3Report";
        }
    }
}
