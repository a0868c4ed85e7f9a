package org.openmgm.igmp.router;

import java.util.List;
import java.util.random.RandomGenerator;
import org.openmgm.api.Ipv4;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.testing.ManualScheduler;
import org.openmgm.igmp.packet.DropReason;
import org.openmgm.igmp.packet.GroupRecord;
import org.openmgm.igmp.packet.IgmpMessage;
import org.openmgm.igmp.packet.RecordType;

/** A router with interfaces if2 (198.18.2.1/24) and if3 (198.18.3.1/24) on a manual clock. */
class RouterHarness {
    static final int G = Ipv4.parse("239.1.1.1");
    static final int SSM_G = Ipv4.parse("232.1.1.1");
    static final int S1 = Ipv4.parse("198.18.1.2");
    static final int S2 = Ipv4.parse("198.18.1.3");
    static final int S3 = Ipv4.parse("198.18.1.4");
    static final int HOST = Ipv4.parse("198.18.2.2");
    static final int HOST3 = Ipv4.parse("198.18.3.2");
    static final int ROUTER = Ipv4.parse("198.18.2.1");

    final ManualScheduler clock = new ManualScheduler();
    final RecordingOutput out = new RecordingOutput();
    final IgmpRouter router = new IgmpRouter(clock, out, RandomGenerator.of("L64X128MixRandom"));

    static NetInterface nif(String name, int index, String address) {
        return new NetInterface(name, index, new byte[6], List.of(new NetInterface.InterfaceAddress(Ipv4.parse(address), 24)), 1500, true, 1);
    }

    RouterHarness withInterface(int index, IgmpParameters p) {
        router.addInterface(nif("r-eth" + index, index, "198.18." + index + ".1"), p);
        return this;
    }

    DropReason report(int ifIndex, int host, RecordType t, int group, Integer... sources) {
        return router.receive(ifIndex, new IgmpMessage.V3Report(host, 0xE0000016, List.of(new GroupRecord(t, group, List.of(sources)))));
    }

    DropReason report(RecordType t, int group, Integer... sources) {
        return report(2, HOST, t, group, sources);
    }

    DropReason oldReport(int version, int group) {
        return router.receive(2, new IgmpMessage.Report(HOST, group, version, group));
    }

    DropReason leave(int group) {
        return router.receive(2, new IgmpMessage.Leave(HOST, 0xE0000002, group));
    }

    void advance(double seconds) {
        clock.advance(java.time.Duration.ofMillis((long) (seconds * 1000)));
    }
}
