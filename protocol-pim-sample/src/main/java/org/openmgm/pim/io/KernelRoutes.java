package org.openmgm.pim.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;
import org.openmgm.api.Ipv4;
import org.openmgm.pim.engine.PimRoute;
import org.openmgm.pim.engine.UnicastRib;

/**
 * PIM's unicast RIB: the kernel's table of the router's namespace ({@code /proc/net/route}, re-read
 * at most once a second) plus static routes from the configuration. Longest prefix wins; on equal
 * prefixes a static route wins, then the lower kernel metric. Connected routes (no gateway) get
 * assert preference 0, static routes 1, kernel routes {@code kernelPreference}.
 */
public final class KernelRoutes implements UnicastRib {
    private static final System.Logger LOG = System.getLogger(KernelRoutes.class.getName());
    private final Path file;
    private final ToIntFunction<String> ifIndexByName;
    private final LongSupplier clock;
    private final List<PimRoute> staticRoutes;
    private final int kernelPreference;
    private volatile List<PimRoute> kernel = List.of();
    private volatile long readAt = Long.MIN_VALUE;

    public KernelRoutes(Path file, ToIntFunction<String> ifIndexByName, LongSupplier nanoClock, List<PimRoute> staticRoutes, int kernelPreference) {
        this.file = file;
        this.ifIndexByName = ifIndexByName;
        this.clock = nanoClock;
        this.staticRoutes = List.copyOf(staticRoutes);
        this.kernelPreference = kernelPreference;
    }

    /**
     * Parses a static route: {@code PREFIX via GATEWAY} (interface found by {@code ifOf}, the PIM
     * interface on whose subnet the gateway is) or {@code PREFIX dev IFNAME [via GATEWAY]}.
     */
    public static PimRoute parseStatic(String text, ToIntFunction<String> ifIndexByName, ToIntFunction<Integer> ifOf) {
        String[] t = text.trim().split("\\s+");
        if (t.length < 3) throw new IllegalArgumentException("static route must be 'PREFIX via GATEWAY' or 'PREFIX dev IF [via GATEWAY]': " + text);
        String[] pfx = t[0].split("/");
        int len = pfx.length == 2 ? Integer.parseInt(pfx[1]) : 32;
        int net = Ipv4.parse(pfx[0]) & Ipv4.maskOf(len);
        int gw = 0, ifIndex = -1;
        for (int i = 1; i + 1 < t.length; i += 2) {
            switch (t[i]) {
                case "via" -> gw = Ipv4.parse(t[i + 1]);
                case "dev" -> ifIndex = ifIndexByName.applyAsInt(t[i + 1]);
                default -> throw new IllegalArgumentException("unknown word '" + t[i] + "' in static route: " + text);
            }
        }
        if (ifIndex < 0 && gw != 0) ifIndex = ifOf.applyAsInt(gw);
        if (ifIndex < 0) throw new IllegalArgumentException("no interface for static route: " + text);
        return new PimRoute(ifIndex, gw, net, len, 1, 0);
    }

    @Override
    public Optional<PimRoute> lookup(int address) {
        refresh();
        PimRoute best = null;
        boolean bestStatic = false;
        for (PimRoute r : staticRoutes) {
            if (matches(r, address) && (best == null || r.prefixLength() > best.prefixLength())) {
                best = r;
                bestStatic = true;
            }
        }
        for (PimRoute r : kernel) {
            if (!matches(r, address)) continue;
            if (best == null || r.prefixLength() > best.prefixLength()
                    || (!bestStatic && r.prefixLength() == best.prefixLength() && Integer.compareUnsigned(r.metric(), best.metric()) < 0)) {
                best = r;
                bestStatic = false;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean matches(PimRoute r, int address) {
        return (address & Ipv4.maskOf(r.prefixLength())) == r.network();
    }

    private void refresh() {
        long now = clock.getAsLong();
        if (now - readAt < 1_000_000_000L && readAt != Long.MIN_VALUE) return;
        readAt = now;
        try {
            kernel = parse(Files.readString(file), ifIndexByName, kernelPreference);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses /proc/net/route (hex fields in host byte order, little-endian on x86/arm). Down routes are skipped. */
    public static List<PimRoute> parse(String text, ToIntFunction<String> ifIndexByName, int kernelPreference) {
        List<PimRoute> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) continue;
            try {
                int dest = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int gw = Integer.reverseBytes((int) Long.parseLong(f[2], 16));
                int flags = Integer.parseInt(f[3], 16);
                int metric = Integer.parseInt(f[6]);
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                if ((flags & 0x1) == 0) continue; // RTF_UP
                int len = Ipv4.prefixLength(mask);
                if (len < 0) continue;
                int ifIndex = ifIndexByName.applyAsInt(f[0]);
                if (ifIndex < 0) continue;
                out.add(new PimRoute(ifIndex, gw, dest & mask, len, gw == 0 ? 0 : kernelPreference, metric));
            } catch (NumberFormatException e) {
                // a line we do not understand: skip it
            }
        }
        return out;
    }
}
