package org.openmgm.igmp.router;

import java.util.List;

/** Read-only views of the state machine for commands and tests; times in seconds, null when a timer is not running. */
public final class Snapshots {
    private Snapshots() {}

    public record InterfaceInfo(String name, int ifIndex, String address, String role, int version, boolean querier,
                                String querierAddress, Long otherQuerierExpiresSeconds, Long nextQuerySeconds,
                                int robustness, int queryIntervalSeconds, double queryResponseIntervalSeconds,
                                double lastMemberQueryIntervalSeconds, int lastMemberQueryCount,
                                double groupMembershipIntervalSeconds, double otherQuerierPresentIntervalSeconds,
                                int startupQueriesLeft, int groups, boolean suspended) {}

    public record SourceInfo(String source, Long expiresSeconds, boolean forwarding) {}

    public record GroupInfo(String group, String interfaceName, int ifIndex, String mode, int compatibilityVersion,
                            String reporter, long uptimeSeconds, Long expiresSeconds, Long v1HostExpiresSeconds,
                            Long v2HostExpiresSeconds, List<SourceInfo> sources) {}

    /** The proxy's upstream view: one merged record per group (RFC 4605 §4.1). */
    public record UpstreamGroupInfo(String group, String interfaceName, String mode, List<String> sources) {}
}
