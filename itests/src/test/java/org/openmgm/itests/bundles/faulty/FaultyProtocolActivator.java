package org.openmgm.itests.bundles.faulty;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.LongSupplier;
import org.openmgm.api.MgmProtocol;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Publishes a {@link FaultyProtocol} as a whiteboard service with the ids from the manifest. */
public final class FaultyProtocolActivator implements BundleActivator {

    @Override
    public void start(BundleContext bc) {
        Dictionary<String, String> h = bc.getBundle().getHeaders();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MgmProtocol.PROTOCOL_ID, Integer.parseInt(h.get("OpenMGM-Protocol-Id")));
        props.put(MgmProtocol.COMPONENT_ID, Integer.parseInt(h.get("OpenMGM-Component-Id")));
        props.put("component.name", "faulty-" + h.get("OpenMGM-Protocol-Id"));
        props.put("openmgm.test", "faulty");
        bc.registerService(new String[] {MgmProtocol.class.getName(), LongSupplier.class.getName()},
                new FaultyProtocol(h.get("OpenMGM-Script"), Boolean.parseBoolean(h.get("OpenMGM-Throw-In-Registered"))), props);
    }

    @Override
    public void stop(BundleContext bc) {}
}
