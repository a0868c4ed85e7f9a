package org.openmgm.itests.bundles.scripted;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.function.LongSupplier;
import org.openmgm.api.MgmProtocol;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** Publishes a {@link ScriptedProtocol} as a whiteboard service with the ids from the manifest. */
public final class ScriptedProtocolActivator implements BundleActivator {

    @Override
    public void start(BundleContext bc) {
        Dictionary<String, String> h = bc.getBundle().getHeaders();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(MgmProtocol.PROTOCOL_ID, Integer.parseInt(h.get("OpenMGM-Protocol-Id")));
        props.put(MgmProtocol.COMPONENT_ID, Integer.parseInt(h.get("OpenMGM-Component-Id")));
        props.put("component.name", "scripted-" + h.get("OpenMGM-Protocol-Id"));
        props.put("openmgm.test", "scripted");
        bc.registerService(new String[] {MgmProtocol.class.getName(), LongSupplier.class.getName()},
                new ScriptedProtocol(h.get("OpenMGM-Script")), props);
    }

    @Override
    public void stop(BundleContext bc) {
        // the framework unregisters the service; the MGM whiteboard cleans up
    }
}
