package org.openmgm.netlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A host or router: one network namespace of a {@link Netlab}. */
public final class Node {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private final Netlab lab;
    private final String name;
    private final String shortName;

    Node(Netlab lab, String name, String shortName) {
        this.lab = lab;
        this.name = name;
        this.shortName = shortName;
    }

    /** The namespace name (unique per run), for {@code ip netns exec}. */
    public String name() {
        return name;
    }

    /** The name given to {@link Netlab#host}/{@link Netlab#router}. */
    public String shortName() {
        return shortName;
    }

    public Netlab lab() {
        return lab;
    }

    /** Runs {@code cmd} inside this namespace and waits (30 s at most); check the result with {@link CommandResult#check()}. */
    public CommandResult exec(String... cmd) {
        return exec(DEFAULT_TIMEOUT, cmd);
    }

    public CommandResult exec(Duration timeout, String... cmd) {
        return Netlab.run(wrap(List.of(cmd)), timeout);
    }

    /** Runs a shell command line inside this namespace ({@code sh -c}). */
    public CommandResult sh(String commandLine) {
        return exec("sh", "-c", commandLine);
    }

    /** The command line that runs {@code cmd} inside this namespace. */
    public List<String> wrap(List<String> cmd) {
        List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", name));
        all.addAll(cmd);
        return all;
    }

    /**
     * Starts {@code cmd} in the background inside this namespace; stdout and stderr go to
     * {@code <workDir>/<node>-<label>.out/.err}. The process is killed when the returned handle or the
     * lab is closed.
     */
    public BackgroundProcess start(String label, String... cmd) {
        return start(label, List.of(cmd));
    }

    public BackgroundProcess start(String label, List<String> cmd) {
        Path out = lab.workDir().resolve(shortName + "-" + label + ".out");
        Path err = lab.workDir().resolve(shortName + "-" + label + ".err");
        BackgroundProcess p = BackgroundProcess.start(label, wrap(cmd), out, err);
        lab.track(p);
        return p;
    }

    /** Sets a sysctl inside this namespace, e.g. {@code sysctl("net.ipv4.conf.eth0.force_igmp_version", "2")}. */
    public void sysctl(String key, String value) {
        exec("sysctl", "-q", "-w", key + "=" + value).check();
    }

    /** Reads a sysctl inside this namespace. */
    public String sysctl(String key) {
        return exec("sysctl", "-n", key).check().stdout().strip();
    }

    /**
     * True if the kernel of this namespace forwards multicast ({@code net.ipv4.conf.all.mc_forwarding}).
     * That sysctl is read-only: the kernel sets it while a multicast routing daemon (smcrouted, pimd)
     * holds its mroute socket, so tests read it to know a kernel router is active.
     */
    public boolean mcForwarding() {
        return !sysctl("net.ipv4.conf.all.mc_forwarding").equals("0");
    }

    /** Makes the kernel of this namespace speak IGMP version 1, 2 or 3 on {@code ifName} (0 = automatic). */
    public void forceIgmpVersion(String ifName, int version) {
        sysctl("net.ipv4.conf." + ifName + ".force_igmp_version", Integer.toString(version));
    }

    /** Adds an address ("198.18.1.1/24"); only 198.18.0.0/15 is allowed. */
    public void addAddress(String ifName, String cidr) {
        Subnet.parse(cidr.substring(0, cidr.indexOf('/')) + "/" + Math.max(15, Math.min(30, Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)))));
        exec("ip", "addr", "add", cidr, "dev", ifName).check();
    }

    /** Adds a unicast route inside this namespace: {@code route("198.18.5.0/24", "198.18.1.2")}. */
    public void route(String prefix, String via) {
        exec("ip", "route", "add", prefix, "via", via).check();
    }

    /** Sets a multicast-capable default route out of {@code ifName} (hosts need one to send to a group without IP_MULTICAST_IF). */
    public void multicastRoute(String ifName) {
        exec("ip", "route", "add", "224.0.0.0/4", "dev", ifName).check();
    }

    public void up(String ifName) {
        exec("ip", "link", "set", ifName, "up").check();
    }

    public void down(String ifName) {
        exec("ip", "link", "set", ifName, "down").check();
    }

    /** The interface index of {@code ifName} in this namespace. */
    public int ifIndex(String ifName) {
        String s = exec("cat", "/sys/class/net/" + ifName + "/ifindex").check().stdout().strip();
        return Integer.parseInt(s);
    }

    /** The MAC address of {@code ifName} ("aa:bb:cc:dd:ee:ff"). */
    public String mac(String ifName) {
        return exec("cat", "/sys/class/net/" + ifName + "/address").check().stdout().strip();
    }

    /** The first IPv4 address of {@code ifName} (dotted quad), or null. */
    public String address(String ifName) {
        String s = exec("ip", "-4", "-o", "addr", "show", "dev", ifName).check().stdout();
        Matcher m = Pattern.compile("inet (\\d+\\.\\d+\\.\\d+\\.\\d+)/").matcher(s);
        return m.find() ? m.group(1) : null;
    }

    /** A multicast receiver on {@code ifName}; configure it, then {@link MulticastReceiver#start()}. */
    public MulticastReceiver receiver(String ifName, String group, int port) {
        return new MulticastReceiver(this, ifName, group, port);
    }

    /** A multicast sender out of {@code ifName}; configure it, then {@link MulticastSender#run()} or {@link MulticastSender#start()}. */
    public MulticastSender sender(String ifName, String group, int port) {
        return new MulticastSender(this, ifName, group, port);
    }

    /**
     * Starts tcpdump on {@code ifName} with an optional BPF {@code filter} and waits until it captures;
     * the pcap goes to the lab's work directory. Close it to stop.
     */
    public PacketCapture capture(String ifName, String filter) {
        return PacketCapture.start(this, ifName, filter);
    }

    /** A counter of {@code nstat}/{@code /proc/net/snmp} inside this namespace, e.g. ("Udp", "InCsumErrors"). */
    public long snmp(String table, String field) {
        List<String> lines = exec("cat", "/proc/net/snmp").check().stdout().lines().filter(l -> l.startsWith(table + ":")).toList();
        if (lines.size() < 2) throw new NetlabException("no " + table + " in /proc/net/snmp");
        String[] names = lines.get(0).split("\\s+"), values = lines.get(1).split("\\s+");
        for (int i = 1; i < names.length; i++) if (names[i].equals(field)) return Long.parseLong(values[i]);
        throw new NetlabException("no " + table + "." + field + " in /proc/net/snmp");
    }

    static String script(Netlab lab, String fileName, String body) {
        Path p = lab.workDir().resolve(fileName);
        try {
            if (!Files.exists(p)) Files.writeString(p, body);
        } catch (java.io.IOException e) {
            throw new NetlabException("cannot write " + p, e);
        }
        return p.toString();
    }

    @Override
    public String toString() {
        return name;
    }
}
