package org.openmgm.igmp.netns;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MfeStats;
import org.openmgm.api.OifStats;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.packet.PacketListener;
import org.openmgm.api.spi.Forwarder;
import org.openmgm.api.spi.MulticastRib;
import org.openmgm.core.MgmConfig;
import org.openmgm.core.MgmEngine;
import org.openmgm.core.SystemScheduler;
import org.openmgm.igmp.impl.IgmpCommands;
import org.openmgm.igmp.impl.IgmpProtocol;
import org.openmgm.igmp.impl.IgmpSettings;
import org.openmgm.igmp.router.IgmpParameters;

/**
 * The router of the namespace tests, run in the router namespace by {@code ip netns exec R java ...}:
 * MgmEngine + the libpcap data plane + the kernel RIB + IGMP (this module), wired as the OSGi components
 * wire them. The data plane is loaded by name (its classes are on the child's classpath, not this module's
 * compile path). Arguments are key=value: every data-plane property (interfaces=...), igmp.interfaces,
 * igmp.proxyUpstream, igmp.version, igmp.robustness, igmp.queryInterval, igmp.queryResponseInterval,
 * igmp.lastMemberQueryInterval, status=FILE (JSON rewritten every 200 ms), maxSeconds. Exits when FILE.stop appears.
 */
public final class IgmpRouterMain {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Map<String, Object> dpProps = new LinkedHashMap<>();
        Map<String, String> own = new LinkedHashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new IllegalArgumentException("argument must be key=value: " + a);
            String k = a.substring(0, eq), v = a.substring(eq + 1);
            if (k.startsWith("igmp.") || k.equals("status") || k.equals("maxSeconds")) own.put(k, v);
            else dpProps.put(k, v);
        }
        Path status = Path.of(own.get("status"));
        Path stop = Path.of(status + ".stop");
        long maxMillis = Long.parseLong(own.getOrDefault("maxSeconds", "120")) * 1000;
        IgmpParameters params = new IgmpParameters(Integer.parseInt(own.getOrDefault("igmp.version", "3")),
                Integer.parseInt(own.getOrDefault("igmp.robustness", "2")), Integer.parseInt(own.getOrDefault("igmp.queryInterval", "125")),
                Integer.parseInt(own.getOrDefault("igmp.queryResponseInterval", "100")),
                Integer.parseInt(own.getOrDefault("igmp.lastMemberQueryInterval", "10")), 0, 0, 0,
                IgmpParameters.DEFAULT_SSM_NETWORK, 8);
        List<String> ifs = Arrays.stream(own.getOrDefault("igmp.interfaces", "").split(",")).filter(s -> !s.isBlank()).toList();
        IgmpSettings settings = new IgmpSettings(ifs, Map.of(), params, true, own.getOrDefault("igmp.proxyUpstream", ""), 100, 1);

        Class<?> settingsClass = Class.forName("org.openmgm.dataplane.pcap.engine.DataplaneSettings");
        Class<?> dataplaneClass = Class.forName("org.openmgm.dataplane.pcap.engine.Dataplane");
        Object dpSettings = settingsClass.getMethod("fromProperties", Map.class).invoke(null, dpProps);
        @SuppressWarnings("unchecked")
        List<String> staticRoutes = (List<String>) settingsClass.getMethod("staticRoutes").invoke(dpSettings);

        try (SystemScheduler scheduler = new SystemScheduler(); MgmEngine mgm = new MgmEngine(MgmConfig.defaults(), scheduler)) {
            Object dp = dataplaneClass.getConstructor(settingsClass).newInstance(dpSettings);
            try {
                dataplaneClass.getMethod("start").invoke(dp);
                PacketIo io = (PacketIo) dp;
                MulticastRib kernelRib = (MulticastRib) Class.forName("org.openmgm.dataplane.pcap.engine.KernelRib")
                        .getConstructor(PacketIo.class, List.class).newInstance(io, staticRoutes);
                mgm.addRib(kernelRib, 0);
                IgmpProtocol igmp = new IgmpProtocol(settings, scheduler, io);
                if (settings.proxy()) mgm.addRib(igmp.proxyRib(), 100);
                dataplaneClass.getMethod("addPacketListener", int.class, PacketListener.class).invoke(dp, 2, igmp);
                igmp.registered(mgm.register(10, 1, "igmp", igmp));
                mgm.setForwarder((Forwarder) dp);
                IgmpCommands commands = new IgmpCommands(igmp);
                long start = System.currentTimeMillis();
                while (!Files.exists(stop) && System.currentTimeMillis() - start < maxMillis) {
                    writeStatus(status, mgm, io, commands);
                    Thread.sleep(200);
                }
                writeStatus(status, mgm, io, commands);
                igmp.close();
            } finally {
                ((AutoCloseable) dp).close();
            }
        }
    }

    private static void writeStatus(Path file, MgmEngine mgm, PacketIo io, IgmpCommands commands) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        root.put("ready", true);
        root.set("interfaces", JSON.readTree(commands.interfaces(true)));
        root.set("groups", JSON.readTree(commands.groups(true)));
        root.set("sources", JSON.readTree(commands.sources(true)));
        root.set("stats", JSON.readTree(commands.stats(true)));
        ArrayNode mfes = root.putArray("mfes");
        for (MfeStats st : mgm.mfeStats(null, 1000)) {
            ObjectNode m = mfes.addObject();
            m.put("source", Ipv4.format(st.mfe().source()));
            m.put("group", Ipv4.format(st.mfe().group()));
            m.put("iif", name(io, st.mfe().incomingInterface().ifIndex()));
            m.put("inPackets", st.inPackets());
            List<String> oifs = new ArrayList<>();
            ObjectNode out = m.putObject("out");
            for (OifStats o : st.outgoing()) {
                oifs.add(name(io, o.iface().ifIndex()));
                out.put(name(io, o.iface().ifIndex()), o.outPackets());
            }
            ArrayNode oa = m.putArray("oifs");
            oifs.forEach(oa::add);
        }
        Path tmp = Path.of(file + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(root));
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String name(PacketIo io, int ifIndex) {
        return io.interfaceByIndex(ifIndex).map(NetInterface::name).orElse("if" + ifIndex);
    }
}
