package org.openmgm.pim.internal;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.Scheduler;
import org.openmgm.api.packet.Ipv4Packets;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.ReceivedPacket;
import org.openmgm.pim.engine.PimOutput;
import org.openmgm.pim.engine.PimRoute;
import org.openmgm.pim.engine.PimRouter;
import org.openmgm.pim.io.KernelRoutes;
import org.openmgm.pim.io.PacketTap;
import org.openmgm.pim.io.RawPimSocket;

/**
 * Joins the protocol logic to its I/O: multicast PIM out through PacketIo and in through the data
 * plane's packet listener, unicast PIM through the raw socket, data taps for registering, the
 * kernel's routes for RPF. Used by the DS component and by the stand-alone runner of the interop tests.
 */
public final class PimRuntime implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PimRuntime.class.getName());
    private final PimOptions options;
    private final PacketIo io;
    private final PimRouter router;
    private final RawPimSocket raw;
    private final Map<Integer, PacketTap> taps = new HashMap<>();
    private final java.util.concurrent.ExecutorService tapExecutor = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pim-register-taps");
        t.setDaemon(true);
        return t;
    });

    public PimRuntime(PimOptions options, PacketIo io, Scheduler scheduler) {
        this.options = options;
        this.io = io;
        List<NetInterface> pimIfs = new ArrayList<>();
        for (String name : options.interfaces()) {
            Optional<NetInterface> ni = io.interfaceByName(name);
            if (ni.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "PIM interface " + name + " is not served by the data plane: skipped");
                continue;
            }
            pimIfs.add(ni.get());
        }
        List<PimRoute> statics = new ArrayList<>();
        for (String s : options.staticRoutes()) {
            statics.add(KernelRoutes.parseStatic(s, this::ifIndexByName, gw -> pimIfs.stream().filter(n -> n.onLink(gw)).mapToInt(NetInterface::index).findFirst().orElse(-1)));
        }
        KernelRoutes rib = new KernelRoutes(Path.of("/proc/net/route"), this::ifIndexByName, System::nanoTime, statics, options.kernelRoutePreference());
        RawPimSocket socket = null;
        if (options.rawSocket()) {
            try {
                socket = RawPimSocket.open();
            } catch (IOException | RuntimeException | LinkageError e) {
                LOG.log(System.Logger.Level.WARNING, "PIM raw socket unavailable (" + e.getMessage() + "): unicast PIM goes through the data plane, on-link only");
            }
        }
        this.raw = socket;
        this.router = new PimRouter(options.settings(localAddresses()), scheduler, new Output(), rib, new SecureRandom());
        if (raw != null) raw.startReceiving(this::fromRawSocket);
        for (NetInterface ni : pimIfs) router.addInterface(ni);
    }

    public PimRouter router() {
        return router;
    }

    public PimOptions options() {
        return options;
    }

    public boolean rawSocketOpen() {
        return raw != null;
    }

    public void attach(ProtocolHandle handle, MgmService mgm) {
        router.attach(handle, mgm);
    }

    /** From the data plane's PacketListener (protocol 103): multicast PIM, and unicast PIM if there is no raw socket. */
    public void received(ReceivedPacket p) {
        byte[] ip = p.ip();
        int hl = Ipv4Packets.headerLength(ip, ip.length);
        if (hl < 0) return;
        int dst = Ipv4Packets.destination(ip);
        if (raw != null && !Ipv4.isMulticast(dst)) return; // the raw socket has it
        int total = Math.min(ip.length, Ipv4Packets.totalLength(ip));
        if (total < hl) return;
        router.receive(p.iface().index(), Ipv4Packets.source(ip), dst, ip, hl, total - hl);
    }

    private void fromRawSocket(byte[] ip) {
        int hl = Ipv4Packets.headerLength(ip, ip.length);
        if (hl < 0) return;
        int dst = Ipv4Packets.destination(ip);
        if (Ipv4.isMulticast(dst)) return; // multicast PIM comes from the data plane with its interface
        int src = Ipv4Packets.source(ip);
        int ifIndex = -1;
        for (NetInterface ni : io.interfaces()) if (ni.onLink(src)) ifIndex = ni.index();
        int total = Math.min(ip.length, Ipv4Packets.totalLength(ip));
        if (total < hl) return;
        router.receive(ifIndex, src, dst, ip, hl, total - hl);
    }

    private int ifIndexByName(String name) {
        Optional<NetInterface> ni = io.interfaceByName(name);
        if (ni.isPresent()) return ni.get().index();
        try {
            NetworkInterface n = NetworkInterface.getByName(name);
            return n == null ? -1 : n.getIndex();
        } catch (SocketException e) {
            return -1;
        }
    }

    /** Every IPv4 address of this network namespace (an RP address may sit on lo). */
    static Set<Integer> localAddresses() {
        Set<Integer> out = new HashSet<>();
        try {
            for (NetworkInterface n : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (var a : java.util.Collections.list(n.getInetAddresses())) {
                    if (a instanceof Inet4Address v4) {
                        byte[] b = v4.getAddress();
                        out.add(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
                    }
                }
            }
        } catch (SocketException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot list local addresses: " + e.getMessage());
        }
        return out;
    }

    @Override
    public void close() {
        router.close();
        tapExecutor.shutdown();
        synchronized (taps) {
            taps.values().forEach(PacketTap::close);
            taps.clear();
        }
        if (raw != null) raw.close();
    }

    private final class Output implements PimOutput {
        @Override
        public void multicast(int ifIndex, int source, byte[] pim) {
            byte[] ip = Ipv4Packets.build(source, 0xE000000D, Ipv4Packets.PROTO_PIM, 1, 0xC0, false, pim);
            try {
                io.send(ifIndex, ip);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "PIM send on if" + ifIndex + " failed: " + e.getMessage());
            }
        }

        @Override
        public void unicast(int source, int destination, byte[] pim) {
            try {
                if (raw != null) {
                    raw.send(source, destination, pim);
                    return;
                }
                for (NetInterface ni : io.interfaces()) {
                    if (ni.onLink(destination)) {
                        io.send(ni.index(), Ipv4Packets.build(source, destination, Ipv4Packets.PROTO_PIM, 64, 0xC0, false, pim));
                        return;
                    }
                }
                LOG.log(System.Logger.Level.WARNING, "no raw socket and " + Ipv4.format(destination) + " is not on a link: PIM message not sent");
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "unicast PIM to " + Ipv4.format(destination) + " failed: " + e.getMessage());
            }
        }

        @Override
        public void data(int ifIndex, byte[] ipPacket) {
            try {
                io.send(ifIndex, ipPacket);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "data send on if" + ifIndex + " failed: " + e.getMessage());
            }
        }

        @Override
        public void registerInterfaces(Set<Integer> ifIndexes) {
            // called under the router's monitor: open/close taps on another thread, in order
            tapExecutor.execute(() -> {
                synchronized (taps) {
                    for (Integer i : new ArrayList<>(taps.keySet())) {
                        if (!ifIndexes.contains(i)) taps.remove(i).close();
                    }
                    for (int i : ifIndexes) {
                        if (taps.containsKey(i)) continue;
                        try {
                            int ifIndex = i;
                            taps.put(i, PacketTap.open(i, ip -> {
                                if (ip.length >= 20 && Ipv4.isMulticast(Ipv4Packets.destination(ip)) && Ipv4Packets.protocol(ip) != Ipv4Packets.PROTO_PIM
                                        && Ipv4Packets.protocol(ip) != Ipv4Packets.PROTO_IGMP)
                                    router.dataPacket(ifIndex, ip);
                            }));
                        } catch (IOException | RuntimeException | LinkageError e) {
                            LOG.log(System.Logger.Level.WARNING, "cannot tap if" + i + " for registers: " + e.getMessage());
                        }
                    }
                }
            });
        }
    }
}
