package org.openmgm.dataplane.pcap.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the data plane is configured with (Configuration Admin PID {@code org.openmgm.dataplane},
 * or arguments of a test main). Build with {@link #fromProperties}; unknown keys are ignored.
 *
 * @param interfaces          interface names to serve
 * @param offline             per interface: read frames from / write frames to pcap files instead of the device
 * @param snaplen             capture length (frames longer than this are not forwarded)
 * @param bufferSize          kernel capture buffer per interface, bytes
 * @param promiscuous         capture in promiscuous mode (needed to see every group on a real NIC)
 * @param noCacheQueuePackets packets kept per (S,G) while the MGM decides on a new MFE
 * @param noCacheQueueGroups  (S,G)s that may wait for an MFE at once
 * @param upcallQueueSize     pending upcalls (no cache, wrong interface) before new ones are dropped
 * @param controlQueueSize    control packets waiting for the protocol dispatcher before drops
 * @param ttlThresholds       per interface name: the smallest TTL forwarded out of it (default 1)
 * @param linkCheckMillis     period of the interface check (index, MAC, addresses, MTU, up/down)
 * @param pendingTimeoutMillis how long queued first packets wait for an MFE before they are dropped
 * @param staticRoutes        RPF routes "PREFIX via GATEWAY [dev IFNAME]" or "PREFIX dev IFNAME"
 * @param busyPollMicros      how long a capture thread keeps asking for frames before it sleeps in poll(2)
 *                            (fewer wake-ups under load, at the cost of CPU); 0 sleeps at once
 * @param wrongInterfaceUpcallMillis at most one wrong-interface upcall per MFE and arrival interface in this
 *                            time (the rest are only counted); 0 upcalls every packet. Keep it at or below
 *                            the core's {@code wrongInterfaceIntervalMillis}, which limits the callbacks
 */
public record DataplaneSettings(
        List<String> interfaces,
        Map<String, OfflineInterface> offline,
        int snaplen,
        int bufferSize,
        boolean promiscuous,
        int noCacheQueuePackets,
        int noCacheQueueGroups,
        int upcallQueueSize,
        int controlQueueSize,
        Map<String, Integer> ttlThresholds,
        long linkCheckMillis,
        long pendingTimeoutMillis,
        List<String> staticRoutes,
        int busyPollMicros,
        int wrongInterfaceUpcallMillis) {

    public DataplaneSettings {
        interfaces = List.copyOf(interfaces);
        offline = Map.copyOf(offline);
        ttlThresholds = Map.copyOf(ttlThresholds);
        staticRoutes = List.copyOf(staticRoutes);
        if (snaplen < 64) throw new IllegalArgumentException("snaplen too small: " + snaplen);
        if (wrongInterfaceUpcallMillis < 0) throw new IllegalArgumentException("wrongInterfaceUpcallMillis: must be >= 0, got " + wrongInterfaceUpcallMillis);
    }

    /**
     * Offline settings of one interface: {@code read} (a pcap file replayed as if received, paced by its
     * timestamps when {@code pace}), {@code write} (a pcap file receiving every frame sent; "-" discards
     * them), and, when
     * the device does not exist on this machine, the identity to present: index, MAC, addresses (CIDR), MTU.
     */
    public record OfflineInterface(String read, String write, boolean pace, int index, byte[] mac, List<String> addresses, int mtu) {}

    public static DataplaneSettings defaults(List<String> interfaces) {
        return fromProperties(Map.of("interfaces", interfaces));
    }

    /**
     * Reads settings from configuration properties: {@code interfaces}, {@code snaplen},
     * {@code bufferSize}, {@code promiscuous}, {@code noCacheQueuePackets}, {@code noCacheQueueGroups},
     * {@code upcallQueueSize}, {@code controlQueueSize}, {@code ttlThresholds} ("IF=TTL" entries),
     * {@code linkCheckMillis}, {@code pendingTimeoutMillis}, {@code staticRoutes}, {@code busyPollMicros}, {@code wrongInterfaceUpcallMillis}, and per interface
     * {@code offline.IF.read}, {@code offline.IF.write}, {@code offline.IF.pace}, {@code offline.IF.index},
     * {@code offline.IF.mac}, {@code offline.IF.address} (comma-separated CIDRs), {@code offline.IF.mtu}.
     * Lists may be arrays, collections or comma-separated strings.
     */
    public static DataplaneSettings fromProperties(Map<String, ?> p) {
        List<String> ifs = list(p.get("interfaces"));
        Map<String, OfflineInterface> offline = new LinkedHashMap<>();
        int n = 0;
        for (String name : ifs) {
            n++;
            String pre = "offline." + name + ".";
            String read = str(p.get(pre + "read"), null), write = str(p.get(pre + "write"), null);
            if (read == null && write == null) continue;
            String mac = str(p.get(pre + "mac"), null);
            offline.put(name, new OfflineInterface(read, write, Boolean.parseBoolean(str(p.get(pre + "pace"), "true")),
                    integer(p.get(pre + "index"), 1000 + n),
                    mac == null ? new byte[] {0x02, 0, 0, 0, 0, (byte) n} : Frames.parseMac(mac),
                    list(p.get(pre + "address")), integer(p.get(pre + "mtu"), 1500)));
        }
        Map<String, Integer> ttl = new LinkedHashMap<>();
        for (String e : list(p.get("ttlThresholds"))) {
            int eq = e.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("ttlThresholds entry must be IF=TTL: " + e);
            ttl.put(e.substring(0, eq).trim(), Integer.parseInt(e.substring(eq + 1).trim()));
        }
        return new DataplaneSettings(ifs, offline,
                integer(p.get("snaplen"), 65535),
                integer(p.get("bufferSize"), 4 << 20),
                Boolean.parseBoolean(str(p.get("promiscuous"), "true")),
                integer(p.get("noCacheQueuePackets"), 16),
                integer(p.get("noCacheQueueGroups"), 256),
                integer(p.get("upcallQueueSize"), 1024),
                integer(p.get("controlQueueSize"), 1024),
                ttl,
                integer(p.get("linkCheckMillis"), 2000),
                integer(p.get("pendingTimeoutMillis"), 3000),
                list(p.get("staticRoutes")),
                integer(p.get("busyPollMicros"), 0),
                integer(p.get("wrongInterfaceUpcallMillis"), 100));
    }

    static List<String> list(Object v) {
        return org.openmgm.api.ConfigValues.list(v);
    }

    private static String str(Object v, String dflt) {
        return v == null ? dflt : v.toString().trim();
    }

    private static int integer(Object v, int dflt) {
        if (v == null) return dflt;
        if (v instanceof Number num) return num.intValue();
        return Integer.parseInt(v.toString().trim());
    }
}
