package org.openmgm.dataplane.pcap.e2e;

import java.util.List;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;

/**
 * The smallest routing protocol: owns the given interfaces and holds a fixed (*,G) membership on the
 * member interfaces, so the MGM builds MFEs for G with those oifs (tests and the benchmark).
 */
public final class StaticMembershipProtocol implements MgmProtocol {
    public static final int PROTOCOL_ID = 13;
    private ProtocolHandle handle;

    /** Registers with the MGM, takes {@code owned}, and joins {@code group} on {@code members}. */
    public static StaticMembershipProtocol start(MgmService mgm, List<Integer> owned, int group, List<Integer> members) {
        StaticMembershipProtocol p = new StaticMembershipProtocol();
        p.handle = mgm.register(PROTOCOL_ID, 1, "static-test", p);
        for (int i : owned) p.handle.takeInterface(InterfaceKey.of(i));
        for (int i : members) p.handle.addMembership(MembershipKey.anySource(group), InterfaceKey.of(i), MgmConstants.MGM_JOIN_STATE_FLAG);
        return p;
    }

    public void close() {
        handle.close();
    }
}
