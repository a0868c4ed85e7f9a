package org.openmgm.core;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.ProtocolId;

/** A registered protocol: its identity, callbacks and the interfaces it holds. Guarded by the engine's lock. */
final class Client {
    final long handle;
    final ProtocolId id;
    final String name;
    final MgmProtocol callbacks;
    final boolean igmp;
    /** RFC 2715 "WrongIf alert mode": the protocol supplied its own wrongInterface callback. */
    final boolean wantsWrongInterface;
    final Set<InterfaceKey> interfaces = new LinkedHashSet<>();
    final AtomicLong faults = new AtomicLong();
    /** Cleared under the engine's lock at deregistration; read without it before each callback. */
    volatile boolean registered = true;

    Client(long handle, ProtocolId id, String name, MgmProtocol callbacks, boolean igmp) {
        this.handle = handle;
        this.id = id;
        this.name = name;
        this.callbacks = callbacks;
        this.igmp = igmp;
        this.wantsWrongInterface = overridesWrongInterface(callbacks);
    }

    private static boolean overridesWrongInterface(MgmProtocol callbacks) {
        try {
            return callbacks.getClass()
                    .getMethod("wrongInterface", int.class, int.class, InterfaceKey.class, byte[].class)
                    .getDeclaringClass() != MgmProtocol.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return name + " " + id;
    }
}
