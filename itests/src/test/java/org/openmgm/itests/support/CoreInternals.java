package org.openmgm.itests.support;

import java.lang.reflect.Method;
import java.time.Duration;

/**
 * White-box reads of mgm-core that MgmService does not offer (its package is private to the bundle,
 * so the probe cannot import it): the engine's current configuration and the count of packets for
 * which no MFE was created because maxMfes was reached. Reflection on the public
 * {@code org.openmgm.core.MgmComponent} service object.
 */
public final class CoreInternals {
    private final Object engine;

    public CoreInternals(Osgi osgi) {
        Object component = osgi.serviceByName("org.openmgm.core.MgmComponent", Duration.ofSeconds(10));
        engine = call(component, "engine");
    }

    private static Object call(Object target, String method) {
        try {
            Method m = target.getClass().getMethod(method);
            return m.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("mgm-core changed: " + target.getClass().getName() + "." + method + "() is not available", e);
        }
    }

    public long mfeLimitDrops() {
        return (Long) call(engine, "mfeLimitDrops");
    }

    public int maxMfes() {
        return (Integer) call(call(engine, "config"), "maxMfes");
    }

    public int maxGroupsPerInterface() {
        return (Integer) call(call(engine, "config"), "maxGroupsPerInterface");
    }
}
