package org.openmgm.pim.interop;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileReader;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.Scheduler;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.RpfRoute;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.pim.engine.PimRoute;
import org.openmgm.pim.internal.PimOptions;
import org.openmgm.pim.internal.PimRuntime;
import org.openmgm.pim.internal.PimText;
import org.openmgm.pim.io.KernelRoutes;

/**
 * The router the interop tests run in a namespace ({@code ip netns exec NS java ... RouterMain FILE}):
 * the real MGM engine (RFC 2715 wrong-interface mode), the libpcap data plane of dataplane-pcap
 * (loaded by name, so this module does not depend on it at compile time), PIM through
 * {@link PimRuntime} exactly as the bundle wires it, and {@link MiniIgmp} for the receiver's reports.
 * Every 300 ms it writes the pim:* command output (JSON) and the MFEs to the status directory.
 */
public final class RouterMain {
    public static void main(String[] args) throws Exception {
        Properties p = new Properties();
        try (FileReader r = new FileReader(args[0])) {
            p.load(r);
        }
        Path status = Path.of(p.getProperty("statusDir"));
        Files.createDirectories(status);
        List<String> dataplaneIfs = PimOptionsAccess.list(p.getProperty("interfaces"));
        List<String> igmpIfs = PimOptionsAccess.list(p.getProperty("igmpInterfaces", ""));

        ScheduledThreadPoolExecutor exec = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "router-scheduler");
            t.setDaemon(true);
            return t;
        });
        Scheduler scheduler = new Scheduler() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public Timer schedule(Runnable task, long delay, TimeUnit unit) {
                var f = exec.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                    }
                }, delay, unit);
                return () -> f.cancel(false);
            }
        };
        MgmEngine engine = new MgmEngine(MgmConfig.defaults().withWrongInterfaceMode(MgmConfig.WrongInterfaceMode.RFC), scheduler);

        Class<?> settingsClass = Class.forName("org.openmgm.dataplane.pcap.engine.DataplaneSettings");
        Object settings = settingsClass.getMethod("defaults", List.class).invoke(null, dataplaneIfs);
        Class<?> dpClass = Class.forName("org.openmgm.dataplane.pcap.engine.Dataplane");
        Object dp = dpClass.getConstructor(settingsClass).newInstance(settings);
        engine.setForwarder((Forwarder) dp);
        dpClass.getMethod("start").invoke(dp);
        PacketIo io = (PacketIo) dp;
        Method addListener = dpClass.getMethod("addPacketListener", int.class, PacketListener.class);

        Map<String, Object> cfg = new HashMap<>();
        for (String k : p.stringPropertyNames()) cfg.put(k, p.getProperty(k));
        PimOptions options = PimOptions.fromMap(cfg);
        KernelRoutes routes = new KernelRoutes(Path.of("/proc/net/route"), n -> io.interfaceByName(n).map(x -> x.index()).orElse(-1),
                System::nanoTime, List.of(), 1);
        engine.addRib(source -> {
            Optional<PimRoute> r = routes.lookup(source);
            return r.map(x -> new RpfRoute(InterfaceKey.of(x.ifIndex()), x.gateway() != 0 ? x.gateway() : source,
                    new RouteInfo(2, x.network(), Ipv4.maskOf(x.prefixLength()))));
        }, 0);

        PimRuntime pim = new PimRuntime(options, io, scheduler);
        var handle = engine.register(103, 1, "pim", pim.router());
        pim.attach(handle, engine);
        addListener.invoke(dp, 103, (PacketListener) pim::received);
        MiniIgmp igmp = new MiniIgmp(engine, io, igmpIfs);
        addListener.invoke(dp, 2, igmp);

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pim.close();
            try {
                dpClass.getMethod("close").invoke(dp);
            } catch (ReflectiveOperationException e) {
                e.printStackTrace();
            }
            engine.close();
        }));
        System.out.println("router ready: " + dataplaneIfs + " raw socket " + pim.rawSocketOpen());

        ObjectMapper json = new ObjectMapper();
        PimText text = new PimText(pim.router(), pim.rawSocketOpen());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.parseLong(p.getProperty("maxSeconds", "300")));
        while (System.nanoTime() < deadline) {
            write(status, "interfaces.json", text.interfaces(true));
            write(status, "neighbors.json", text.neighbors(true));
            write(status, "rp.json", text.rp(true));
            write(status, "joins.json", text.joins(true));
            write(status, "stats.json", text.stats(true));
            write(status, "joins.txt", text.joins(false));
            write(status, "neighbors.txt", text.neighbors(false));
            write(status, "interfaces.txt", text.interfaces(false));
            write(status, "rp.txt", text.rp(false));
            write(status, "stats.txt", text.stats(false));
            List<Map<String, Object>> mfes = new ArrayList<>();
            for (Mfe m : engine.mfes(null, 1000)) {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("source", Ipv4.format(m.source()));
                e.put("group", Ipv4.format(m.group()));
                e.put("incoming", m.incomingInterface().ifIndex());
                e.put("outgoing", m.outgoing().stream().map(o -> o.iface().ifIndex()).toList());
                try {
                    MfeStats s = engine.mfeStats(m.sourceGroup());
                    e.put("packets", s.inPackets());
                } catch (RuntimeException ignored) {
                    e.put("packets", null);
                }
                mfes.add(e);
            }
            write(status, "mfes.json", json.writeValueAsString(mfes));
            write(status, "dataplane.json", json.writeValueAsString(dpClass.getMethod("statistics").invoke(dp)));
            write(status, "memberships.json", json.writeValueAsString(engine.memberships().stream().map(Object::toString).toList()));
            Thread.sleep(300);
        }
        System.exit(0);
    }

    private static void write(Path dir, String name, String content) throws java.io.IOException {
        Path tmp = dir.resolve(name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Comma lists from the properties file. */
    static final class PimOptionsAccess {
        static List<String> list(String s) {
            List<String> out = new ArrayList<>();
            if (s == null) return out;
            for (String x : s.split(",")) if (!x.isBlank()) out.add(x.trim());
            return out;
        }
    }
}
