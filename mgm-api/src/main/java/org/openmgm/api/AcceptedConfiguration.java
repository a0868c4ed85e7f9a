package org.openmgm.api;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The last configuration of one PID that a component accepted. A Configuration Admin change re-creates a
 * Declarative Services component with the new properties; when they are invalid the component should not
 * lose its working settings (or stop) but keep running with the previous ones. Hold one instance per
 * component class in a static field and read the settings through {@link #accept}.
 *
 * @param <T> the component's parsed settings
 */
public final class AcceptedConfiguration<T> {
    private static final System.Logger LOG = System.getLogger(AcceptedConfiguration.class.getName());
    private final String pid;
    private final AtomicReference<T> last = new AtomicReference<>();

    public AcceptedConfiguration(String pid) {
        this.pid = pid;
    }

    /**
     * Parses {@code properties}; valid settings are remembered and returned. Invalid ones (the parser throws
     * an {@link IllegalArgumentException} whose message names the key and the problem) are logged at ERROR
     * with the file they came from, and the previously accepted settings are returned; with none accepted
     * yet the exception is rethrown and the caller decides (not start, or run on nothing).
     */
    public T accept(Map<String, ?> properties, Function<Map<String, ?>, T> parser) {
        try {
            T parsed = parser.apply(properties);
            last.set(parsed);
            return parsed;
        } catch (IllegalArgumentException e) {
            T previous = last.get();
            String where = source(properties);
            if (previous != null) {
                LOG.log(System.Logger.Level.ERROR, "{0}: configuration rejected ({1}): {2}; the previous configuration stays in force",
                        pid, where, e.getMessage());
                return previous;
            }
            LOG.log(System.Logger.Level.ERROR, "{0}: configuration rejected ({1}): {2}; no earlier configuration to keep", pid, where, e.getMessage());
            throw e;
        }
    }

    /** The settings accepted last, or null. */
    public T last() {
        return last.get();
    }

    /** Where a configuration came from, for messages: the FileInstall file if there is one, else the PID. */
    public String source(Map<String, ?> properties) {
        return source(pid, properties);
    }

    /** Where a configuration of {@code pid} came from: the FileInstall file if there is one, else the PID. */
    public static String source(String pid, Map<String, ?> properties) {
        Object f = properties == null ? null : properties.get("felix.fileinstall.filename");
        return f != null ? String.valueOf(f) : "PID " + pid;
    }
}
