package org.openmgm.core.shell;

import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Writes one property of a configuration through Configuration Admin. mgm-core is compiled without the
 * {@code org.osgi.service.cm} API (not on its class path), so the service is used reflectively through
 * its public interfaces, loaded from the bundle that registered it. With FileInstall, an update of a
 * configuration that came from {@code etc/PID.cfg} is written back to that file.
 */
final class ConfigStore implements SettingsStore {
    private static final String ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    private static final String CONFIGURATION = "org.osgi.service.cm.Configuration";

    private final BundleContext context;

    ConfigStore(BundleContext context) {
        this.context = context;
    }

    /** Sets {@code key} of {@code pid} to {@code value}, keeping the other properties. */
    @Override
    public void put(String pid, String key, Object value) throws Exception {
        if (context == null) throw new IllegalStateException("no bundle context");
        ServiceReference<?> ref = context.getServiceReference(ADMIN);
        if (ref == null) throw new IllegalStateException("Configuration Admin is not running");
        Object admin = context.getService(ref);
        if (admin == null) throw new IllegalStateException("Configuration Admin went away");
        try {
            Class<?> adminType = ref.getBundle().loadClass(ADMIN);
            Class<?> configType = ref.getBundle().loadClass(CONFIGURATION);
            Object config = adminType.getMethod("getConfiguration", String.class, String.class).invoke(admin, pid, "?");
            Dictionary<?, ?> old = (Dictionary<?, ?>) configType.getMethod("getProperties").invoke(config);
            Hashtable<String, Object> props = new Hashtable<>();
            if (old != null) {
                for (Enumeration<?> e = old.keys(); e.hasMoreElements(); ) {
                    Object k = e.nextElement();
                    props.put(String.valueOf(k), old.get(k));
                }
            }
            props.put(key, value);
            configType.getMethod("update", Dictionary.class).invoke(config, props);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
            context.ungetService(ref);
        }
    }
}
