package org.openmgm.itests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/** Inside the framework: waiting for services, configuring PIDs, running Gogo commands. */
public final class Osgi {
    private final BundleContext bc;

    public Osgi(BundleContext bc) {
        this.bc = bc;
    }

    public BundleContext context() {
        return bc;
    }

    public <T> T service(Class<T> type) {
        return service(type, null, Await.DEFAULT);
    }

    /** Waits up to {@code timeout} for a service of {@code type} matching {@code filter} (may be null). */
    public <T> T service(Class<T> type, String filter, Duration timeout) {
        String f = "(objectClass=" + type.getName() + ")";
        if (filter != null) f = "(&" + f + filter + ")";
        ServiceTracker<T, T> t;
        try {
            t = new ServiceTracker<>(bc, bc.createFilter(f), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
        t.open();
        try {
            if (t.waitForService(timeout.toMillis()) == null)
                throw new AssertionError("no service " + f + " within " + timeout.toMillis() + " ms; bundles: " + bundleStates());
            // Get it again outside the tracker: closing the tracker ungets its copy, which invalidates
            // per-bundle service objects such as ConfigurationAdmin's. This use count is never released
            // (the framework drops it with the probe).
            ServiceReference<T> ref = t.getServiceReference();
            T s = bc.getService(ref);
            if (s == null) throw new AssertionError("service " + f + " went away");
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            t.close();
        }
    }

    /** The service object registered under a class name the probe cannot import (e.g. a private class). */
    public Object serviceByName(String className, Duration timeout) {
        return Await.value("service " + className, timeout, () -> {
            ServiceReference<?> r = bc.getServiceReference(className);
            return r == null ? null : bc.getService(r);
        });
    }

    public Optional<Bundle> bundle(String symbolicName) {
        return Arrays.stream(bc.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst();
    }

    public String bundleStates() {
        StringBuilder sb = new StringBuilder();
        for (Bundle b : bc.getBundles()) sb.append(b.getSymbolicName()).append('=').append(state(b.getState())).append(' ');
        return sb.toString().trim();
    }

    private static String state(int s) {
        return switch (s) {
            case Bundle.ACTIVE -> "ACTIVE";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            default -> "UNINSTALLED";
        };
    }

    /** Every DS component of the bundles whose symbolic name starts with {@code prefix}: name, state, failure (for diagnostics). */
    public String componentStates(String prefix) {
        StringBuilder sb = new StringBuilder();
        try {
            ServiceReference<org.osgi.service.component.runtime.ServiceComponentRuntime> r =
                    bc.getServiceReference(org.osgi.service.component.runtime.ServiceComponentRuntime.class);
            if (r == null) return "(no SCR)";
            var scr = bc.getService(r);
            for (var d : scr.getComponentDescriptionDTOs()) {
                if (d.bundle == null || d.bundle.symbolicName == null || !d.bundle.symbolicName.startsWith(prefix)) continue;
                sb.append(d.name).append(": ");
                var cs = scr.getComponentConfigurationDTOs(d);
                if (cs.isEmpty()) sb.append(scr.isComponentEnabled(d) ? "no configuration yet" : "disabled");
                for (var c : cs) {
                    sb.append(switch (c.state) {
                        case 1 -> "UNSATISFIED_CONFIGURATION";
                        case 2 -> "UNSATISFIED_REFERENCE";
                        case 4 -> "SATISFIED";
                        case 8 -> "ACTIVE";
                        case 16 -> "FAILED_ACTIVATION";
                        default -> "state " + c.state;
                    });
                    for (var u : c.unsatisfiedReferences) sb.append(" unsatisfied ").append(u.name);
                    if (c.failure != null) sb.append(" failure: ").append(c.failure.lines().limit(3).toList());
                    sb.append("; ");
                }
                sb.append('\n');
            }
        } catch (RuntimeException e) {
            sb.append("(cannot read SCR: ").append(e).append(')');
        }
        return sb.toString();
    }

    /** Stacks of the threads that run framework, SCR, ConfigAdmin or OpenMGM code (deadlock diagnosis). */
    public static String threadDump() {
        StringBuilder sb = new StringBuilder();
        for (var e : Thread.getAllStackTraces().entrySet()) {
            StackTraceElement[] st = e.getValue();
            String all = java.util.Arrays.toString(st);
            if (!(all.contains("openmgm") || all.contains("felix.scr") || all.contains("felix.cm") || e.getKey().getName().contains("CM"))) continue;
            sb.append('"').append(e.getKey().getName()).append("\" ").append(e.getKey().getState()).append('\n');
            for (int i = 0; i < Math.min(st.length, 40); i++) sb.append("    at ").append(st[i]).append('\n');
        }
        return sb.toString();
    }

    /** Creates or replaces the configuration of {@code pid} (location-unbound, so any bundle may receive it). */
    public void configure(String pid, Map<String, ?> properties) {
        try {
            Configuration c = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
            Dictionary<String, Object> d = new Hashtable<>();
            properties.forEach(d::put);
            c.update(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteConfiguration(String pid) {
        try {
            Configuration c = service(ConfigurationAdmin.class).getConfiguration(pid, "?");
            c.delete();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The result of one Gogo command: what it printed and what it returned. */
    public record CommandResult(String output, Object value) {
        /** Printed text, or the returned value as text when nothing was printed. */
        public String text() {
            return output.isBlank() && value != null ? String.valueOf(value) : output;
        }
    }

    /** Runs {@code command} in a fresh Gogo session and returns what it printed and returned. */
    public CommandResult gogo(String command) throws Exception {
        CommandProcessor cp = service(CommandProcessor.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(out, true, StandardCharsets.UTF_8);
        try (CommandSession s = cp.createSession(new java.io.ByteArrayInputStream(new byte[0]), ps, ps)) {
            Object v = s.execute(command);
            ps.flush();
            return new CommandResult(out.toString(StandardCharsets.UTF_8), v);
        }
    }

    /** True if a Gogo command {@code scope:function} is registered. */
    public boolean hasCommand(String scope, String function) {
        try {
            ServiceReference<?>[] refs = bc.getAllServiceReferences(null, "(&(osgi.command.scope=" + scope + ")(osgi.command.function=*))");
            if (refs == null) return false;
            for (ServiceReference<?> r : refs) {
                Object f = r.getProperty("osgi.command.function");
                if (f instanceof String[] a && Arrays.asList(a).contains(function)) return true;
                if (f instanceof String s && (s.equals(function) || Arrays.asList(s.split("[ ,]")).contains(function))) return true;
                if (f instanceof java.util.Collection<?> c && c.contains(function)) return true;
            }
            return false;
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    public static Dictionary<String, Object> dict(Object... kv) {
        Hashtable<String, Object> d = new Hashtable<>();
        props(kv).forEach(d::put);
        return d;
    }
}
