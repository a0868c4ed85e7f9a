package org.openmgm.dvmrp.core;

import java.util.List;
import java.util.Map;

/** Read-only snapshots for the dvmrp:* commands (JSON field names follow the house conventions). */
public final class Views {
    private Views() {}

    public record NeighborView(String iface, int ifIndex, String neighbor, long generationId, String version, List<String> capabilities,
            boolean twoWay, long uptimeSeconds, Long expiresSeconds) {}

    public record RouteView(String network, String iface, int ifIndex, String neighbor, int metric, String state, boolean local,
            long uptimeSeconds, Long expiresSeconds, List<String> designatedForwarderOn, Map<String, List<String>> dependents) {}

    public record PruneView(String direction, String source, String group, String iface, int ifIndex, String neighbor,
            long lifetimeSeconds, Long expiresSeconds) {}

    public record StatsView(Map<String, Long> received, Map<String, Long> sent, Map<String, Long> dropped, Map<String, Long> events) {}
}
