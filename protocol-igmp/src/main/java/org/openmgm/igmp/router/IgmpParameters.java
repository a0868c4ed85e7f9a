package org.openmgm.igmp.router;

import java.util.concurrent.TimeUnit;

/**
 * The per-interface protocol variables of RFC 3376 §8, with the RFC's defaults. Zero for
 * {@code lastMemberQueryCount}, {@code startupQueryIntervalSeconds} or {@code startupQueryCount} means
 * "derive as the RFC says" (Robustness, Query Interval / 4, Robustness).
 *
 * @param version the IGMP version the router speaks on the interface (1, 2 or 3): the query format it sends
 *        and the oldest host compatibility it allows (a group never runs in a mode newer than this)
 * @param ssmNetwork SSM range (RFC 4604); records asking for EXCLUDE mode on it are ignored. {@code ssmPrefixLength} -1: none
 */
public record IgmpParameters(int version, int robustness, int queryIntervalSeconds, int queryResponseIntervalDeciseconds,
                             int lastMemberQueryIntervalDeciseconds, int lastMemberQueryCount,
                             int startupQueryIntervalSeconds, int startupQueryCount, int ssmNetwork, int ssmPrefixLength) {

    public static final int DEFAULT_SSM_NETWORK = 0xE8000000; // 232.0.0.0/8

    public IgmpParameters {
        if (version < 1 || version > 3) throw new IllegalArgumentException("IGMP version must be 1, 2 or 3: " + version);
        if (robustness < 1) throw new IllegalArgumentException("robustness must be at least 1: " + robustness);
        if (queryIntervalSeconds < 1) throw new IllegalArgumentException("query interval must be at least 1 s");
        if (queryResponseIntervalDeciseconds < 1 || queryResponseIntervalDeciseconds >= queryIntervalSeconds * 10)
            throw new IllegalArgumentException("query response interval must be positive and below the query interval");
        if (lastMemberQueryIntervalDeciseconds < 1) throw new IllegalArgumentException("last member query interval must be positive");
        if (ssmPrefixLength > 32) throw new IllegalArgumentException("SSM prefix length " + ssmPrefixLength);
    }

    public static IgmpParameters defaults() {
        return new IgmpParameters(3, 2, 125, 100, 10, 0, 0, 0, DEFAULT_SSM_NETWORK, 8);
    }

    public IgmpParameters withVersion(int v) {
        return new IgmpParameters(v, robustness, queryIntervalSeconds, queryResponseIntervalDeciseconds, lastMemberQueryIntervalDeciseconds,
                lastMemberQueryCount, startupQueryIntervalSeconds, startupQueryCount, ssmNetwork, ssmPrefixLength);
    }

    public IgmpParameters withTimers(int robustness, int queryIntervalSeconds, int queryResponseIntervalDeciseconds,
                                     int lastMemberQueryIntervalDeciseconds, int lastMemberQueryCount) {
        return new IgmpParameters(version, robustness, queryIntervalSeconds, queryResponseIntervalDeciseconds, lastMemberQueryIntervalDeciseconds,
                lastMemberQueryCount, startupQueryIntervalSeconds, startupQueryCount, ssmNetwork, ssmPrefixLength);
    }

    public IgmpParameters withStartup(int startupQueryIntervalSeconds, int startupQueryCount) {
        return new IgmpParameters(version, robustness, queryIntervalSeconds, queryResponseIntervalDeciseconds, lastMemberQueryIntervalDeciseconds,
                lastMemberQueryCount, startupQueryIntervalSeconds, startupQueryCount, ssmNetwork, ssmPrefixLength);
    }

    public IgmpParameters withSsm(int network, int prefixLength) {
        return new IgmpParameters(version, robustness, queryIntervalSeconds, queryResponseIntervalDeciseconds, lastMemberQueryIntervalDeciseconds,
                lastMemberQueryCount, startupQueryIntervalSeconds, startupQueryCount, network, prefixLength);
    }

    public int effectiveLastMemberQueryCount() {
        return lastMemberQueryCount > 0 ? lastMemberQueryCount : robustness;
    }

    public long startupQueryIntervalNanos() {
        return startupQueryIntervalSeconds > 0 ? TimeUnit.SECONDS.toNanos(startupQueryIntervalSeconds)
                : TimeUnit.SECONDS.toNanos(queryIntervalSeconds) / 4;
    }

    public int effectiveStartupQueryCount() {
        return startupQueryCount > 0 ? startupQueryCount : robustness;
    }

    public boolean isSsm(int group) {
        if (ssmPrefixLength < 0) return false;
        int mask = ssmPrefixLength == 0 ? 0 : -1 << (32 - ssmPrefixLength);
        return (group & mask) == (ssmNetwork & mask);
    }
}
