package org.openmgm.netlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A test topology of network namespaces. Every namespace is named {@code <prefix><4 hex>-<name>}
 * (unique per run), every process started through it is killed and every namespace deleted by
 * {@link #close()}, and by a JVM shutdown hook if a test never gets there. Use with
 * try-with-resources and guard tests with {@code assumeTrue(Netlab.available())}.
 *
 * <p>Links are veth pairs created directly inside the namespaces (nothing is created in the root
 * namespace); by default TX checksum offload is turned off on both ends ({@code ethtool -K IF tx
 * off}), see {@link #link(Node, String, Node, String, Subnet, boolean)}.
 */
public final class Netlab implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Netlab.class.getName());
    private static final Set<Netlab> OPEN = Collections.synchronizedSet(new LinkedHashSet<>());
    private static volatile Boolean available;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            List<Netlab> labs;
            synchronized (OPEN) {
                labs = new ArrayList<>(OPEN);
            }
            for (Netlab l : labs) l.close();
        }, "netlab-cleanup"));
    }

    private final String runId;
    private final Path dir;
    private final AddressPool pool = new AddressPool();
    private final List<Node> nodes = new ArrayList<>();
    private final List<BackgroundProcess> processes = new ArrayList<>();
    private boolean closed;

    private Netlab(String prefix) {
        byte[] r = new byte[2];
        new SecureRandom().nextBytes(r);
        this.runId = prefix + String.format("%02x%02x", r[0], r[1]);
        try {
            this.dir = Files.createTempDirectory("netlab-" + runId + "-");
        } catch (IOException e) {
            throw new NetlabException("cannot create work directory", e);
        }
    }

    /**
     * A new, empty topology. {@code prefix} (letters/digits, at most 6) starts every namespace name,
     * so that a left-over namespace says which test made it.
     */
    public static Netlab create(String prefix) {
        if (!prefix.matches("[A-Za-z0-9]{1,6}")) throw new IllegalArgumentException("prefix must be 1-6 letters or digits: " + prefix);
        Netlab lab = new Netlab(prefix);
        OPEN.add(lab);
        return lab;
    }

    /** True if this process is root and {@code ip netns} works (for JUnit assumptions). Cached. */
    public static boolean available() {
        Boolean a = available;
        if (a == null) {
            a = probe();
            available = a;
        }
        return a;
    }

    private static boolean probe() {
        try {
            CommandResult id = run(List.of("id", "-u"), Duration.ofSeconds(5));
            if (!id.ok() || !id.stdout().strip().equals("0")) return false;
            String ns = "nlprobe" + ProcessHandle.current().pid();
            if (!run(List.of("ip", "netns", "add", ns), Duration.ofSeconds(5)).ok()) return false;
            boolean ok = run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"), Duration.ofSeconds(5)).ok();
            run(List.of("ip", "netns", "del", ns), Duration.ofSeconds(5));
            return ok;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The run's unique id (prefix + random suffix); every namespace name starts with it. */
    public String runId() {
        return runId;
    }

    /** A directory for this run's files (process logs, receiver counts); kept after close for post-mortems. */
    public Path workDir() {
        return dir;
    }

    public AddressPool addresses() {
        return pool;
    }

    /** A host namespace with loopback up. */
    public synchronized Node host(String name) {
        return node(name, false);
    }

    /** A router namespace: loopback up, {@code net.ipv4.ip_forward=1}, reverse-path filter off. */
    public synchronized Node router(String name) {
        return node(name, true);
    }

    private Node node(String name, boolean router) {
        checkOpen();
        if (!name.matches("[A-Za-z0-9]{1,8}")) throw new IllegalArgumentException("node name must be 1-8 letters or digits: " + name);
        Node n = new Node(this, runId + "-" + name, name);
        run(List.of("ip", "netns", "add", n.name()), Duration.ofSeconds(10)).check();
        nodes.add(n);
        n.exec("ip", "link", "set", "lo", "up").check();
        if (router) {
            n.sysctl("net.ipv4.ip_forward", "1");
            n.sysctl("net.ipv4.conf.all.rp_filter", "0");
            n.sysctl("net.ipv4.conf.default.rp_filter", "0");
        }
        return n;
    }

    /** A link with the next free /24 (host 1 on a, host 2 on b) and TX checksum offload off on both ends. */
    public Link link(Node a, String aIf, Node b, String bIf) {
        return link(a, aIf, b, bIf, pool.next24(), true);
    }

    /**
     * A veth link between {@code a} and {@code b}, both ends up. {@code subnet} may be null (no
     * addresses). {@code txOffloadOff}: run {@code ethtool -K IF tx off} on both ends, so that frames
     * captured on the link carry complete UDP checksums.
     */
    public synchronized Link link(Node a, String aIf, Node b, String bIf, Subnet subnet, boolean txOffloadOff) {
        checkOpen();
        a.exec("ip", "link", "add", aIf, "type", "veth", "peer", "name", bIf, "netns", b.name()).check();
        if (txOffloadOff) {
            a.exec("ethtool", "-K", aIf, "tx", "off").check();
            b.exec("ethtool", "-K", bIf, "tx", "off").check();
        }
        if (subnet != null) {
            a.addAddress(aIf, subnet.hostCidr(1));
            b.addAddress(bIf, subnet.hostCidr(2));
        }
        a.exec("ip", "link", "set", aIf, "up").check();
        b.exec("ip", "link", "set", bIf, "up").check();
        return new Link(a, aIf, b, bIf, subnet);
    }

    public synchronized List<Node> nodes() {
        return List.copyOf(nodes);
    }

    synchronized void track(BackgroundProcess p) {
        checkOpen();
        processes.add(p);
    }

    private void checkOpen() {
        if (closed) throw new IllegalStateException("netlab " + runId + " is closed");
    }

    /** Kills every process started through this topology, then deletes its namespaces. Idempotent. */
    @Override
    public void close() {
        List<BackgroundProcess> procs;
        List<Node> ns;
        synchronized (this) {
            if (closed) return;
            closed = true;
            procs = new ArrayList<>(processes);
            ns = new ArrayList<>(nodes);
        }
        for (BackgroundProcess p : procs) p.close();
        for (Node n : ns) {
            // Processes started with exec() that outlived their timeout, or children of ours: kill by pid in our namespace.
            CommandResult pids = run(List.of("ip", "netns", "pids", n.name()), Duration.ofSeconds(5));
            for (String pid : pids.stdout().split("\\s+")) {
                if (pid.isBlank()) continue;
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
            CommandResult del = run(List.of("ip", "netns", "del", n.name()), Duration.ofSeconds(10));
            if (!del.ok()) LOG.log(System.Logger.Level.WARNING, "netlab: cannot delete namespace " + n.name() + ": " + del.stderr().strip());
        }
        OPEN.remove(this);
    }

    /** Runs a command in the root namespace (used for {@code ip netns}); never throws on non-zero exit. */
    static CommandResult run(List<String> cmd, Duration timeout) {
        try {
            Path out = Files.createTempFile("netlab", ".out"), err = Files.createTempFile("netlab", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                    return new CommandResult(cmd, -1, Files.readString(out), "timed out after " + timeout + "; " + Files.readString(err));
                }
                return new CommandResult(cmd, p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new NetlabException("cannot run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlabException("interrupted running " + String.join(" ", cmd), e);
        }
    }
}
