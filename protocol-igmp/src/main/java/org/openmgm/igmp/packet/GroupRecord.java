package org.openmgm.igmp.packet;

import java.util.List;
import org.openmgm.api.Ipv4;

/** One group record of an IGMPv3 report. Addresses are network-order ints; aux data is skipped when parsed. */
public record GroupRecord(RecordType type, int group, List<Integer> sources) {
    public GroupRecord {
        sources = List.copyOf(sources);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(type.shortName()).append('(').append(Ipv4.format(group)).append(", {");
        for (int i = 0; i < sources.size(); i++) b.append(i == 0 ? "" : ", ").append(Ipv4.format(sources.get(i)));
        return b.append("})").toString();
    }
}
