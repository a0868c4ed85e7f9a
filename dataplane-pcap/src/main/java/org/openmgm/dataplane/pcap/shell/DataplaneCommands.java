package org.openmgm.dataplane.pcap.shell;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.Ipv4;
import org.openmgm.api.OifStats;
import org.openmgm.api.packet.NetInterface;
import org.openmgm.api.packet.PacketIo;
import org.openmgm.api.spi.ForwardingEntry;
import org.openmgm.api.spi.MfeCounters;
import org.openmgm.dataplane.pcap.PcapDataplaneComponent;
import org.openmgm.dataplane.pcap.engine.Dataplane;
import org.openmgm.dataplane.pcap.engine.Frames;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code dataplane:interfaces}, {@code dataplane:entries}, {@code dataplane:stats}; each takes -j/--json. */
@Component(service = DataplaneCommands.class, property = {
        "osgi.command.scope=dataplane",
        "osgi.command.function=interfaces", "osgi.command.function=entries", "osgi.command.function=stats"})
public final class DataplaneCommands {
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private final PacketIo io;

    @Activate
    public DataplaneCommands(@Reference PacketIo io) {
        this.io = io;
    }

    private Dataplane dataplane() {
        if (io instanceof PcapDataplaneComponent c) return c.dataplane();
        throw new IllegalArgumentException("the PacketIo service is not the libpcap data plane");
    }

    @Descriptor("interfaces served by the data plane, as the OS reports them")
    public String interfaces(@Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (NetInterface ni : io.interfaces()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("interface", ni.name());
            m.put("ifIndex", ni.index());
            m.put("mac", Frames.formatMac(ni.mac()));
            m.put("addresses", ni.addresses().stream().map(Object::toString).toList());
            m.put("mtu", ni.mtu());
            m.put("state", ni.up() ? "up" : "down");
            m.put("ttlThreshold", ni.ttlThreshold());
            rows.add(m);
        }
        if (json) return toJson(rows);
        StringBuilder sb = new StringBuilder(String.format("%-12s %7s %-17s %-5s %5s %4s %s%n", "interface", "ifIndex", "mac", "state", "mtu", "ttl", "addresses"));
        for (Map<String, Object> m : rows)
            sb.append(String.format("%-12s %7d %-17s %-5s %5d %4d %s%n", m.get("interface"), m.get("ifIndex"), m.get("mac"), m.get("state"), m.get("mtu"), m.get("ttlThreshold"),
                    String.join(",", (List<String>) m.get("addresses"))));
        return sb.toString();
    }

    @Descriptor("forwarding entries installed by the MGM, with the data plane's counters")
    public String entries(@Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        Dataplane dp = dataplane();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ForwardingEntry e : dp.entries()) {
            MfeCounters c = dp.counters(e.sourceGroup());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", Ipv4.format(e.sourceGroup().source()));
            m.put("group", Ipv4.format(e.sourceGroup().group()));
            m.put("interface", name(e.incoming()));
            m.put("ifIndex", e.incoming().ifIndex());
            m.put("packets", c.inPackets());
            m.put("bytes", c.inOctets());
            m.put("wrongInterface", c.packetsDifferentIf());
            m.put("negative", c.negativeMfe());
            m.put("queueOverflow", c.queueOverflow());
            m.put("headerErrors", c.inHeaderErrors());
            List<Map<String, Object>> oifs = new ArrayList<>();
            for (OifStats o : c.outgoing()) {
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("interface", name(o.iface()));
                x.put("ifIndex", o.iface().ifIndex());
                x.put("packets", o.outPackets());
                x.put("ttlTooLow", o.ttlTooLow());
                x.put("tooBig", o.fragNeeded());
                x.put("discards", o.outDiscards());
                oifs.add(x);
            }
            m.put("outgoing", oifs);
            rows.add(m);
        }
        if (json) return toJson(rows);
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> m : rows) {
            sb.append(String.format("(%s, %s) iif %s packets %d bytes %d wrongIf %d%n", m.get("source"), m.get("group"), m.get("interface"), m.get("packets"), m.get("bytes"), m.get("wrongInterface")));
            for (Object o : (List<?>) m.get("outgoing")) {
                Map<?, ?> x = (Map<?, ?>) o;
                sb.append(String.format("    -> %s packets %d ttlTooLow %d tooBig %d discards %d%n", x.get("interface"), x.get("packets"), x.get("ttlTooLow"), x.get("tooBig"), x.get("discards")));
            }
        }
        return sb.length() == 0 ? "no entries\n" : sb.toString();
    }

    @Descriptor("data-plane counters: upcalls, queued first packets, control packets, per interface frames and pcap drops")
    public String stats(@Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        Map<String, Long> s = dataplane().statistics();
        if (json) return toJson(s);
        StringBuilder sb = new StringBuilder();
        s.forEach((k, v) -> sb.append(String.format("%-32s %d%n", k, v)));
        return sb.toString();
    }

    private String name(InterfaceKey k) {
        return io.interfaceByIndex(k.ifIndex()).map(NetInterface::name).orElse("if" + k.ifIndex());
    }

    private static String toJson(Object o) {
        try {
            return Json.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e.getMessage());
        }
    }
}
