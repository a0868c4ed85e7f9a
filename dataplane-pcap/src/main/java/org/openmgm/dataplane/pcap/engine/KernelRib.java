package org.openmgm.dataplane.pcap.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.api.spi.RpfRoute;

/**
 * RPF routes from the kernel's unicast table ({@code /proc/net/route}: connected and gateway routes)
 * and from configuration ({@code "198.18.5.0/24 via 198.18.1.2 dev r-eth1"}, {@code "198.18.7.0/24 dev r-eth2"}),
 * restricted to the interfaces the data plane serves. The upstream neighbour is the gateway, or the
 * source itself when it is on-link. Longest prefix wins; on equal prefixes a static route beats a kernel
 * route. The kernel table is re-read at most once a second, on lookup.
 */
public final class KernelRib implements MulticastRib {
    /** RouteInfo protocol of connected routes (RRAS PROTO_IP_LOCAL). */
    public static final int PROTO_LOCAL = 2;
    /** RouteInfo protocol of gateway and static routes (RRAS PROTO_IP_NETMGMT). */
    public static final int PROTO_NETMGMT = 3;

    record Entry(int network, int prefixLength, String device, int gateway, boolean fromConfig) {}

    private final PacketIo io;
    private final List<Entry> staticRoutes;
    private final Path routeFile;
    private final LongSupplier clock;
    private volatile List<Entry> kernel = List.of();
    private volatile long readAt = Long.MIN_VALUE;

    public KernelRib(PacketIo io, List<String> staticRoutes) {
        this(io, staticRoutes, Path.of("/proc/net/route"), System::nanoTime);
    }

    KernelRib(PacketIo io, List<String> staticRoutes, Path routeFile, LongSupplier clock) {
        this.io = io;
        this.routeFile = routeFile;
        this.clock = clock;
        List<Entry> l = new ArrayList<>();
        for (String s : staticRoutes) l.add(parseStatic(s));
        this.staticRoutes = List.copyOf(l);
    }

    /** Parses "PREFIX via GATEWAY [dev IF]" or "PREFIX dev IF"; throws IllegalArgumentException naming the problem. */
    static Entry parseStatic(String text) {
        String[] f = text.trim().split("\\s+");
        if (f.length < 3) throw new IllegalArgumentException("static route must be 'PREFIX via GATEWAY [dev IF]' or 'PREFIX dev IF': " + text);
        String prefix = f[0];
        int slash = prefix.indexOf('/');
        int len = slash < 0 ? 32 : Integer.parseInt(prefix.substring(slash + 1));
        int net = Ipv4.parse(slash < 0 ? prefix : prefix.substring(0, slash)) & Ipv4.maskOf(len);
        int gw = 0;
        String dev = null;
        for (int i = 1; i + 1 < f.length; i += 2) {
            switch (f[i]) {
                case "via" -> gw = Ipv4.parse(f[i + 1]);
                case "dev" -> dev = f[i + 1];
                default -> throw new IllegalArgumentException("unknown word '" + f[i] + "' in static route: " + text);
            }
        }
        if (gw == 0 && dev == null) throw new IllegalArgumentException("static route needs 'via' or 'dev': " + text);
        return new Entry(net, len, dev, gw, true);
    }

    /** Parses /proc/net/route text (hex fields in host byte order, little-endian here). */
    static List<Entry> parseProcRoute(List<String> lines) {
        List<Entry> l = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
            if (f.length < 8 || f[0].equals("Iface")) continue;
            try {
                int flags = Integer.parseInt(f[3], 16);
                if ((flags & 0x1) == 0) continue;                    // RTF_UP
                if ((flags & 0x200) != 0) continue;                  // RTF_REJECT
                int dst = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int gw = Integer.reverseBytes((int) Long.parseLong(f[2], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                int len = Ipv4.prefixLength(mask);
                if (len < 0) continue;
                l.add(new Entry(dst & mask, len, f[0], (flags & 0x2) != 0 ? gw : 0, false));
            } catch (NumberFormatException e) {
                // a line we do not understand: skip it
            }
        }
        return l;
    }

    @Override
    public Optional<RpfRoute> lookup(int source) {
        refreshIfStale();
        Entry best = null;
        for (List<Entry> list : List.of(staticRoutes, kernel)) {
            for (Entry e : list) {
                if ((source & Ipv4.maskOf(e.prefixLength())) != e.network()) continue;
                if (best != null && e.prefixLength() <= best.prefixLength()) continue;
                if (e.fromConfig() && e.device() == null && interfaceOf(e) == null) continue;   // gateway on no served link
                best = e;
            }
        }
        // The longest match decides, even if it points at an interface we do not serve: then there is no RPF route here.
        NetInterface ni = best == null ? null : interfaceOf(best);
        if (ni == null) return Optional.empty();
        int upstream = best.gateway() != 0 ? best.gateway() : source;
        RouteInfo info = new RouteInfo(best.gateway() == 0 && !best.fromConfig() ? PROTO_LOCAL : PROTO_NETMGMT, best.network(), Ipv4.maskOf(best.prefixLength()));
        return Optional.of(new RpfRoute(InterfaceKey.of(ni.index()), upstream, info));
    }

    private NetInterface interfaceOf(Entry e) {
        if (e.device() != null) return io.interfaceByName(e.device()).orElse(null);
        for (NetInterface ni : io.interfaces()) if (ni.onLink(e.gateway())) return ni;
        return null;
    }

    private void refreshIfStale() {
        long now = clock.getAsLong();
        if (readAt != Long.MIN_VALUE && now - readAt < 1_000_000_000L) return;
        readAt = now;
        try {
            kernel = List.copyOf(parseProcRoute(Files.readAllLines(routeFile)));
        } catch (IOException e) {
            kernel = List.of();
        }
    }
}
