package org.openmgm.dataplane.pcap.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MfeStats;
import org.openmgm.api.OifStats;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.core.SystemScheduler;
import org.openmgm.dataplane.pcap.engine.Dataplane;
import org.openmgm.dataplane.pcap.engine.DataplaneSettings;
import org.openmgm.dataplane.pcap.engine.KernelRib;

/**
 * A forwarding router in one process, for tests and the benchmark (run inside the router namespace with
 * {@code ip netns exec R java ... DataplaneMain key=value...}): MgmEngine + the libpcap data plane + the
 * kernel RIB + a static (*,G) membership.
 *
 * <p>Arguments: every data-plane property ({@code interfaces=r-eth1,r-eth2}, {@code snaplen=...}, ...),
 * plus {@code group=239.1.1.1}, {@code members=r-eth2,r-eth3} (interface names), {@code status=FILE}
 * (rewritten every 200 ms with "key value" lines: {@code ready}, data-plane statistics and
 * {@code mfe/S/G/...} counters, {@code igmp/IF} IGMP packets received per interface through a
 * {@link org.openmgm.api.packet.PacketListener}), {@code maxSeconds=N} (exit after N s; default 120).
 * When {@code FILE.query} appears it is deleted and an IGMPv2 general query is sent out of every
 * interface through {@link org.openmgm.api.packet.PacketIo#send}. Exits when {@code FILE.stop} appears.
 */
public final class DataplaneMain {
    public static void main(String[] args) throws Exception {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("argument must be key=value: " + a);
            props.put(a.substring(0, eq), a.substring(eq + 1));
        }
        int group = Ipv4.parse((String) props.get("group"));
        List<String> members = List.of(((String) props.getOrDefault("members", "")).split(","));
        Path status = Path.of((String) props.get("status"));
        Path stop = Path.of(status + ".stop");
        long maxMillis = Long.parseLong((String) props.getOrDefault("maxSeconds", "120")) * 1000;
        DataplaneSettings settings = DataplaneSettings.fromProperties(props);

        try (SystemScheduler scheduler = new SystemScheduler();
             MgmEngine mgm = new MgmEngine(MgmConfig.defaults(), scheduler);
             Dataplane dp = new Dataplane(settings)) {
            dp.start();
            mgm.addRib(new KernelRib(dp, settings.staticRoutes()), 0);
            List<Integer> owned = new ArrayList<>(), memberIdx = new ArrayList<>();
            for (NetInterface ni : dp.interfaces()) {
                owned.add(ni.index());
                if (members.contains(ni.name())) memberIdx.add(ni.index());
            }
            StaticMembershipProtocol.start(mgm, owned, group, memberIdx);
            dp.addPacketListener(2, p -> IGMP.computeIfAbsent(p.iface().name(), k -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet());
            mgm.setForwarder(dp);
            Path query = Path.of(status + ".query");
            long start = System.currentTimeMillis();
            while (!Files.exists(stop) && System.currentTimeMillis() - start < maxMillis) {
                if (Files.deleteIfExists(query))
                    for (NetInterface ni : dp.interfaces()) dp.send(ni.index(), generalQuery(ni.primaryAddress()));
                writeStatus(status, mgm, dp);
                Thread.sleep(200);
            }
            writeStatus(status, mgm, dp);
        }
    }

    private static final Map<String, java.util.concurrent.atomic.AtomicLong> IGMP = new java.util.concurrent.ConcurrentHashMap<>();

    /** IGMPv2 general query (max response 1 s) to 224.0.0.1, TTL 1, Router Alert. */
    static byte[] generalQuery(int source) {
        byte[] igmp = {0x11, 10, 0, 0, 0, 0, 0, 0};
        int c = org.openmgm.api.packet.Ipv4Packets.checksum(igmp, 0, 8);
        igmp[2] = (byte) (c >>> 8);
        igmp[3] = (byte) c;
        return org.openmgm.api.packet.Ipv4Packets.build(source, Ipv4.parse("224.0.0.1"), 2, 1, 0xc0, true, igmp);
    }

    static void writeStatus(Path file, MgmEngine mgm, Dataplane dp) throws Exception {
        StringBuilder sb = new StringBuilder("ready 1\n");
        IGMP.forEach((k, v) -> sb.append("igmp/").append(k).append(' ').append(v.get()).append('\n'));
        for (NetInterface ni : dp.interfaces()) sb.append("if/").append(ni.name()).append("/up ").append(ni.up() ? 1 : 0).append('\n');
        for (Map.Entry<String, Long> e : dp.statistics().entrySet()) sb.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        for (MfeStats st : mgm.mfeStats(null, 1000)) {
            String k = "mfe/" + Ipv4.format(st.mfe().source()) + "/" + Ipv4.format(st.mfe().group()) + "/";
            sb.append(k).append("iif ").append(st.mfe().incomingInterface().ifIndex()).append('\n');
            sb.append(k).append("inPackets ").append(st.inPackets()).append('\n');
            sb.append(k).append("inOctets ").append(st.inOctets()).append('\n');
            sb.append(k).append("packetsDifferentIf ").append(st.packetsDifferentIf()).append('\n');
            sb.append(k).append("queueOverflow ").append(st.queueOverflow()).append('\n');
            sb.append(k).append("negativeMfe ").append(st.negativeMfe()).append('\n');
            sb.append(k).append("oifs ").append(st.outgoing().size()).append('\n');
            for (OifStats o : st.outgoing()) {
                String name = dp.interfaceByIndex(o.iface().ifIndex()).map(NetInterface::name).orElse("if" + o.iface().ifIndex());
                sb.append(k).append("out/").append(name).append("/packets ").append(o.outPackets()).append('\n');
                sb.append(k).append("out/").append(name).append("/ttlTooLow ").append(o.ttlTooLow()).append('\n');
                sb.append(k).append("out/").append(name).append("/discards ").append(o.outDiscards()).append('\n');
            }
        }
        Path tmp = Path.of(file + ".tmp");
        Files.writeString(tmp, sb);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a status file written by {@link #writeStatus}. */
    public static Map<String, Long> readStatus(Path file) {
        Map<String, Long> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int sp = line.lastIndexOf(' ');
                if (sp > 0) m.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
            }
        } catch (Exception e) {
            // not there yet
        }
        return m;
    }
}
