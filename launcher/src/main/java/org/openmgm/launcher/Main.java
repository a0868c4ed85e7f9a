package org.openmgm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;

/**
 * {@code bin/openmgm}: starts Felix from a distribution folder.
 *
 * <ol>
 *   <li>installs every {@code bundle/*.jar} (by reference, nothing is copied) and starts them with
 *       ConfigAdmin and FileInstall first and the Gogo shell bundles last (STACK.md pitfall 5);</li>
 *   <li>FileInstall watches {@code etc/} (configuration, {@code *.cfg}) and {@code deploy/} (protocol bundles);
 *       a factory configuration for the second watcher is not used: FileInstall 3.7.4 races with ConfigAdmin
 *       on its own factory configurations and writes the .cfg back empty;</li>
 *   <li>serves {@code openmgm-ctl} on {@code run/openmgm.sock};</li>
 *   <li>logs {@code ready in N ms} (the age of the process, which begins with bin/openmgm) once every bundle is active, the {@code mgm:*} commands are
 *       registered and the protocol bundles present in {@code deploy/} are active;</li>
 *   <li>on SIGTERM (or {@code stop 0} in the shell) stops the framework, so that protocols'
 *       services go away and the MGM releases their interfaces, then removes the socket.</li>
 * </ol>
 */
public final class Main {
    private static final String USAGE = "usage: openmgm [--console] [--home DIR] [--exit-when-ready]";

    private final Path home;
    private final boolean console;
    private boolean exitWhenReady;
    private final Instant jvmStart;
    private System.Logger log;
    private Framework framework;
    private ControlServer control;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch cleanedUp = new CountDownLatch(1);

    private Main(Path home, boolean console, Instant jvmStart) {
        this.home = home;
        this.console = console;
        this.jvmStart = jvmStart;
    }

    public static void main(String[] args) {
        Instant jvmStart = processStart();
        Logging.preinit();
        boolean console = false;
        boolean exitWhenReady = false;
        String home = System.getProperty("openmgm.home", ".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--console" -> console = true;
                // Start, report the time to ready, stop: for measurements and for training an AOT cache.
                case "--exit-when-ready" -> exitWhenReady = true;
                case "--home" -> {
                    if (++i == args.length) fail(USAGE);
                    home = args[i];
                }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> fail("openmgm: unknown argument '" + args[i] + "'; " + USAGE);
            }
        }
        Main main = new Main(Path.of(home).toAbsolutePath().normalize(), console, jvmStart);
        main.exitWhenReady = exitWhenReady;
        int status;
        try {
            status = main.run();
        } catch (Exception e) {
            System.err.println("openmgm: " + Wire.oneLine(e));
            status = 1;
        }
        System.exit(status);
    }

    /**
     * When this process started (bin/openmgm execs the JVM, so the start of the script). From the kernel's
     * process age: {@code /proc/uptime} minus the start time in {@code /proc/self/stat} (clock ticks of
     * USER_HZ = 100 since boot), precise to 10 ms. {@code ProcessHandle.info().startInstant()} adds the
     * boot time, which Linux gives in whole seconds: it is off by up to a second, always in the same
     * direction on one machine (about +155 ms here), and made every "ready in" figure that much too long.
     */
    static Instant processStart() {
        Instant now = Instant.now();
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22 of stat(5), the 20th after the name
            double uptime = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
            long ageMillis = Math.round(uptime * 1000) - startTicks * 10;
            if (ageMillis >= 0 && ageMillis < 600_000) return now.minusMillis(ageMillis);
        } catch (IOException | RuntimeException e) {
            // not Linux or no /proc: fall back
        }
        return ProcessHandle.current().info().startInstant().orElse(now);
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }

    private int run() throws Exception {
        if (!Files.isDirectory(home.resolve("bundle"))) throw new IOException("not an OpenMGM home (no bundle/ folder): " + home);
        Path socket = home.resolve("run").resolve("openmgm.sock");
        // Before touching data/cache, which the running instance uses.
        if (ControlServer.answering(socket)) throw new IOException("already running (it answers on " + socket + ")");
        Level level = parseLevel(System.getProperty("openmgm.log.level", "INFO"));
        Logging.configure(home.resolve("log"), console ? java.util.logging.Level.WARNING : julLevel(level), julLevel(level));
        log = System.getLogger("org.openmgm.launcher");
        phase("logging configured");
        for (String d : List.of("data", "run", "deploy", "etc")) Files.createDirectories(home.resolve(d));

        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> props = (Map) frameworkProperties();
        // Without a terminal JLine would warn that it falls back to a dumb one; that is the intent here.
        if (!console) {
            System.setProperty("org.jline.terminal.dumb", "true");
            // and it need not probe for native terminal providers first
            for (String p : List.of("ffm", "jni", "jna", "jansi", "exec")) System.setProperty("org.jline.terminal." + p, "false");
        }
        framework = new FrameworkFactory().newFramework(props);
        framework.init();
        // From here on a SIGTERM (even during start-up) stops the framework and waits for cleanUp().
        Runtime.getRuntime().addShutdownHook(new Thread(this::onSignal, "openmgm-shutdown"));
        try {
            phase("framework initialised");
            BundleContext ctx = framework.getBundleContext();
            OsgiLogBridge.register(ctx);
            List<Bundle> bundles = installBundles(ctx);
            phase("bundles installed");
            framework.start();
            int failed = startBundles(bundles);
            phase("bundles started");

            control = new ControlServer(socket, ctx);
            try {
                control.start();
            } catch (IOException e) {
                log.log(Level.ERROR, "cannot serve openmgm-ctl: " + e.getMessage());
                if (stopping.compareAndSet(false, true)) stopFramework();
                framework.waitForStop(10_000);
                throw e;
            }
            awaitReady(ctx, bundles, failed);
            if (exitWhenReady && stopping.compareAndSet(false, true)) stopFramework();
            framework.waitForStop(0);
        } finally {
            cleanUp();
        }
        return 0;
    }

    private void phase(String what) {
        log.log(Level.DEBUG, () -> what + " at " + Duration.between(jvmStart, Instant.now()).toMillis() + " ms, CPU "
                + ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L) + " ms");
    }

    private Map<String, Object> frameworkProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put("felix.log.logger", new FelixLog());
        p.put(Constants.FRAMEWORK_STORAGE, home.resolve("data").resolve("cache").toString());
        // A fresh cache every start: bundle/ and deploy/ are the truth, and nothing stale survives an upgrade.
        p.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        p.put("openmgm.home", home.toString());
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "org.osgi.service.log;version=1.4.0");
        p.put("ds.loglevel", "warn");
        p.put("felix.log.level", "2");
        // Two watchers with the same settings: configuration in etc/, protocol bundles in deploy/.
        p.put("felix.fileinstall.dir", home.resolve("etc") + "," + home.resolve("deploy"));
        p.put("felix.fileinstall.filter", ".*\\.(cfg|jar)");
        p.put("felix.fileinstall.poll", "250");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.log.level", "2");
        p.put("gosh.home", home.toString());
        // In --console mode leaving the shell (exit, Ctrl-D, end of input) stops the router.
        p.put("gosh.args", console ? "--login" : "--login --nointeractive --noshutdown");
        // Operators may add or override framework properties with -Dfelix.*, -Dorg.osgi.*, -Dgosh.*.
        for (String k : System.getProperties().stringPropertyNames()) {
            if (k.startsWith("felix.") || k.startsWith("org.osgi.") || k.startsWith("gosh.") || k.startsWith("openmgm.")) p.put(k, System.getProperty(k));
        }
        return p;
    }

    private List<Bundle> installBundles(BundleContext ctx) throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.resolve("bundle"), "*.jar")) {
            ds.forEach(jars::add);
        }
        jars.sort(Comparator.comparing(Path::getFileName));
        List<Bundle> bundles = new ArrayList<>();
        for (Path jar : jars) {
            try {
                bundles.add(ctx.installBundle("reference:" + jar.toUri()));
            } catch (BundleException e) {
                log.log(Level.ERROR, "bundle " + jar.getFileName() + " not installed: " + e.getMessage());
            }
        }
        bundles.sort(Comparator.comparingInt(Main::startRank));
        return bundles;
    }

    /** Configuration first (so components see their etc/*.cfg early), the shell last. */
    static int startRank(Bundle b) {
        String bsn = String.valueOf(b.getSymbolicName());
        return switch (bsn) {
            case "org.apache.felix.configadmin" -> 0;
            case "org.apache.felix.fileinstall" -> 1;
            case "org.apache.felix.gogo.command" -> 8;
            case "org.apache.felix.gogo.jline" -> 9;
            default -> 5;
        };
    }

    private int startBundles(List<Bundle> bundles) {
        int failed = 0;
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) continue;
            try {
                long t = System.nanoTime();
                b.start();
                phase("started " + b.getSymbolicName() + " (" + (System.nanoTime() - t) / 1000 + " us)");
            } catch (BundleException | RuntimeException e) {
                failed++;
                log.log(Level.ERROR, "bundle " + b.getSymbolicName() + " not started: " + Wire.oneLine(e));
            }
        }
        return failed;
    }

    /** Waits for the state described in the class comment, then logs the process age. */
    private void awaitReady(BundleContext ctx, List<Bundle> bundles, int failed) throws InterruptedException {
        List<String> filters = new ArrayList<>(List.of(
                "(objectClass=org.apache.felix.service.command.CommandProcessor)",
                System.getProperty("openmgm.ready.service", "(osgi.command.scope=mgm)")));
        List<String> protocols = protocolJars();
        long timeoutMillis = Long.getLong("openmgm.ready.timeout", 20_000);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        String missing;
        while ((missing = notReady(ctx, bundles, filters, protocols)) != null && System.nanoTime() < deadline) {
            if (framework.getState() != Bundle.ACTIVE) return;
            Thread.sleep(2);
        }
        long ms = Duration.between(jvmStart, Instant.now()).toMillis();
        long cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
        if (missing == null) {
            log.log(Level.INFO, "ready in " + ms + " ms (process age; " + cpu + " ms CPU; " + bundles.size() + " bundles, "
                    + protocols.size() + " protocol bundles from deploy/" + (failed > 0 ? ", " + failed + " failed to start" : "") + ")");
        } else {
            log.log(Level.WARNING, "not ready after " + timeoutMillis + " ms: " + missing + "; running anyway");
        }
    }

    private String notReady(BundleContext ctx, List<Bundle> bundles, List<String> filters, List<String> protocols) {
        for (Bundle b : bundles) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null && b.getState() != Bundle.ACTIVE && b.getState() != Bundle.INSTALLED)
                return "bundle " + b.getSymbolicName() + " is not active";
        }
        for (String f : filters) {
            try {
                ServiceReference<?>[] refs = ctx.getAllServiceReferences(null, f);
                if (refs == null) return "no service matches " + f;
            } catch (InvalidSyntaxException e) {
                return "bad filter " + f + ": " + e.getMessage();
            }
        }
        outer:
        for (String jar : protocols) {
            for (Bundle b : ctx.getBundles()) {
                if (b.getLocation().endsWith("/" + jar) && b.getState() == Bundle.ACTIVE) continue outer;
            }
            return "deploy/" + jar + " is not active";
        }
        return null;
    }

    /** File names of the OSGi bundles in deploy/ (a jar without Bundle-SymbolicName is not waited for). */
    private List<String> protocolJars() {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(home.resolve("deploy"), "*.jar")) {
            for (Path jar : ds) {
                try (InputStream in = Files.newInputStream(jar); JarInputStream jin = new JarInputStream(in)) {
                    Manifest mf = jin.getManifest();
                    if (mf != null && mf.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) != null) names.add(jar.getFileName().toString());
                } catch (IOException e) {
                    log.log(Level.WARNING, "deploy/" + jar.getFileName() + " is not a readable jar: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            log.log(Level.WARNING, "cannot list deploy/: " + e.getMessage());
        }
        return names;
    }

    /** Shutdown hook (SIGTERM, SIGINT): stop the framework and wait until main has cleaned up. */
    private void onSignal() {
        boolean signalled = stopping.compareAndSet(false, true);
        if (signalled) {
            log.log(Level.INFO, "stopping (signal)");
            stopFramework();
        }
        try {
            if (!cleanedUp.await(20, TimeUnit.SECONDS)) {
                System.err.println("openmgm: framework did not stop within 20 s");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // A stop asked for by SIGTERM is a clean stop: exit 0, not 143 (systemd, scripts).
        if (signalled) Runtime.getRuntime().halt(0);
    }

    private void stopFramework() {
        try {
            framework.stop();
        } catch (BundleException e) {
            log.log(Level.ERROR, "framework stop failed: " + e.getMessage());
        }
    }

    private void cleanUp() {
        if (cleanedUp.getCount() == 0) return;
        if (control != null) control.close();
        log.log(Level.INFO, "stopped after " + Duration.between(jvmStart, Instant.now()).toSeconds() + " s");
        Logging.shutdown();
        cleanedUp.countDown();
    }

    private static Level parseLevel(String s) {
        try {
            return Level.valueOf(s.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }

    private static java.util.logging.Level julLevel(Level l) {
        return switch (l) {
            case ALL, TRACE -> java.util.logging.Level.FINEST;
            case DEBUG -> java.util.logging.Level.FINE;
            case INFO -> java.util.logging.Level.INFO;
            case WARNING -> java.util.logging.Level.WARNING;
            case ERROR -> java.util.logging.Level.SEVERE;
            case OFF -> java.util.logging.Level.OFF;
        };
    }
}
