package org.openmgm.pim.engine;

import java.util.List;

/** Read-only snapshots of the router's state for the {@code pim:*} commands (Jackson serialises them as they are). */
public final class PimViews {
    private PimViews() {}

    public record InterfaceView(String interfaceName, int ifIndex, String address, String state, String dr, boolean iAmDr,
                                long drPriority, String generationId, int neighbors, int helloPeriodSeconds,
                                Long helloExpiresSeconds) {}

    public record NeighborView(String interfaceName, int ifIndex, String neighbor, Long drPriority, String generationId,
                               int holdtimeSeconds, Integer propagationDelayMillis, Integer overrideIntervalMillis,
                               boolean dr, long uptimeSeconds, Long expiresSeconds) {}

    public record RpView(String groupRange, String rp, boolean local, String rpfInterface, String rpfNeighbor,
                         String ssmRange, String sptPolicy) {}

    public record DownstreamView(String interfaceName, int ifIndex, String state, Long expiresSeconds, Long prunePendingSeconds) {}

    public record AssertView(String interfaceName, String state, String winner, int winnerPreference, int winnerMetric, Long expiresSeconds) {}

    public record JoinView(String source, String group, String entry, String rp, String upstreamState, String rpfInterface,
                           String rpfNeighbor, Long joinTimerSeconds, List<DownstreamView> downstream,
                           List<String> localMembers, List<String> rptPrunedInterfaces, boolean spt,
                           String registerState, Long registerStopSeconds, Long keepaliveSeconds, List<AssertView> asserts,
                           long uptimeSeconds) {}
}
