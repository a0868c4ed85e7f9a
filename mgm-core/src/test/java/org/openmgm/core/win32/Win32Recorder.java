package org.openmgm.core.win32;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.openmgm.api.RouteInfo;
import org.openmgm.api.win32.MgmIfEntry;
import org.openmgm.api.win32.RoutingProtocolConfig;
import org.openmgm.api.win32.Win32Structs;

/**
 * An mgm.h client's callback table that records every callback with its arguments, as C code would
 * see them, and can veto interfaces in creation alerts, rewrite the RPF out-parameters and set the
 * prune timeout.
 */
final class Win32Recorder {
    sealed interface Call permits Rpf, Creation, Prune, Join, LocalJoin, LocalLeave, Disable, Enable, WrongIf {}

    record Rpf(int source, int sourceMask, int group, int groupMask, int inIfIndex, int inNextHop, int upstream, RouteInfo route) implements Call {}

    record Creation(int source, int group, int inIfIndex, int count, List<String> entries) implements Call {}

    record Prune(int source, int sourceMask, int group, int groupMask, int ifIndex, int nextHop, boolean memberDelete, int timeoutOnEntry) implements Call {}

    record Join(int source, int sourceMask, int group, int groupMask, boolean memberUpdate) implements Call {}

    record LocalJoin(int source, int group, int ifIndex) implements Call {}

    record LocalLeave(int source, int group, int ifIndex) implements Call {}

    record Disable(int ifIndex, int nextHop) implements Call {}

    record Enable(int ifIndex, int nextHop) implements Call {}

    record WrongIf(int source, int group, int ifIndex) implements Call {}

    final String name;
    private final List<Call> calls = new ArrayList<>();
    final Set<Integer> vetoIfIndexes = ConcurrentHashMap.newKeySet();
    volatile Integer rpfInIfIndex;
    volatile Integer rpfUpstream;
    volatile Integer pruneTimeout;

    Win32Recorder(String name) {
        this.name = name;
    }

    RoutingProtocolConfig table() {
        RoutingProtocolConfig t = new RoutingProtocolConfig();
        t.pfnRpfCallback = (s, sm, g, gm, inIf, inNh, nbr, hdrSize, hdr, route) -> {
            add(new Rpf(s, sm, g, gm, inIf[0], inNh[0], nbr[0], route[0]));
            if (rpfInIfIndex != null) inIf[0] = rpfInIfIndex;
            if (rpfUpstream != null) nbr[0] = rpfUpstream;
            return Win32Structs.NO_ERROR;
        };
        t.pfnCreationAlertCallback = (s, sm, g, gm, inIf, inNh, count, entries) -> {
            List<String> shown = new ArrayList<>();
            for (MgmIfEntry e : entries) {
                shown.add(e.toString());
                if (vetoIfIndexes.contains(e.dwIfIndex)) e.bIsEnabled = false;
            }
            add(new Creation(s, g, inIf, count, shown));
            // Return values are ignored by the MGM: prove it.
            return Win32Structs.ERROR_CAN_NOT_COMPLETE;
        };
        t.pfnPruneAlertCallback = (s, sm, g, gm, ifIndex, nh, memberDelete, timeout) -> {
            add(new Prune(s, sm, g, gm, ifIndex, nh, memberDelete, timeout[0]));
            if (pruneTimeout != null) timeout[0] = pruneTimeout;
            return Win32Structs.NO_ERROR;
        };
        t.pfnJoinAlertCallback = (s, sm, g, gm, memberUpdate) -> {
            add(new Join(s, sm, g, gm, memberUpdate));
            return Win32Structs.NO_ERROR;
        };
        t.pfnLocalJoinCallback = (s, sm, g, gm, ifIndex, nh) -> {
            add(new LocalJoin(s, g, ifIndex));
            return Win32Structs.NO_ERROR;
        };
        t.pfnLocalLeaveCallback = (s, sm, g, gm, ifIndex, nh) -> {
            add(new LocalLeave(s, g, ifIndex));
            return Win32Structs.NO_ERROR;
        };
        t.pfnDisableIgmpCallback = (ifIndex, nh) -> {
            add(new Disable(ifIndex, nh));
            return Win32Structs.NO_ERROR;
        };
        t.pfnEnableIgmpCallback = (ifIndex, nh) -> {
            add(new Enable(ifIndex, nh));
            return Win32Structs.NO_ERROR;
        };
        return t;
    }

    synchronized void add(Call c) {
        calls.add(c);
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    synchronized <T extends Call> List<T> calls(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Call c : calls) if (type.isInstance(c)) out.add(type.cast(c));
        return out;
    }

    synchronized void clear() {
        calls.clear();
    }
}
