package org.openmgm.pim.engine;

import java.util.Set;
import org.openmgm.api.Ipv4;

/**
 * What the protocol logic needs from the configuration.
 *
 * @param rpAddress static RP for every non-SSM group (0: none)
 * @param ssmNetwork SSM range (default 232.0.0.0/8): no shared tree, no registers
 * @param sptPolicy when a last-hop DR switches from the shared tree to the source tree
 * @param helloPeriodSeconds Hello_Period (30 s); the hello holdtime is 3.5 times it
 * @param drPriority our DR priority
 * @param joinPrunePeriodSeconds t_periodic (60 s); the join/prune holdtime is 3.5 times it
 * @param assertPreference metric preference announced in asserts for routes that are not connected
 * @param localAddresses the router's own addresses besides its PIM interfaces' (e.g. an RP address on lo)
 */
public record PimSettings(int rpAddress, int ssmNetwork, int ssmPrefixLength, SptPolicy sptPolicy, int helloPeriodSeconds,
                          long drPriority, int joinPrunePeriodSeconds, int assertPreference, Set<Integer> localAddresses) {

    public enum SptPolicy { IMMEDIATE, NEVER }

    public PimSettings {
        localAddresses = Set.copyOf(localAddresses);
        if (helloPeriodSeconds <= 0) throw new IllegalArgumentException("hello period must be positive");
        if (joinPrunePeriodSeconds <= 0) throw new IllegalArgumentException("join/prune period must be positive");
        if (ssmPrefixLength < 4 || ssmPrefixLength > 32) throw new IllegalArgumentException("SSM prefix length " + ssmPrefixLength);
    }

    public static PimSettings defaults(int rp) {
        return new PimSettings(rp, Ipv4.parse("232.0.0.0"), 8, SptPolicy.IMMEDIATE, 30, 1, 60, 101, Set.of());
    }

    public PimSettings withLocalAddresses(Set<Integer> addresses) {
        return new PimSettings(rpAddress, ssmNetwork, ssmPrefixLength, sptPolicy, helloPeriodSeconds, drPriority, joinPrunePeriodSeconds, assertPreference, addresses);
    }

    public PimSettings withDrPriority(long p) {
        return new PimSettings(rpAddress, ssmNetwork, ssmPrefixLength, sptPolicy, helloPeriodSeconds, p, joinPrunePeriodSeconds, assertPreference, localAddresses);
    }

    public PimSettings withSptPolicy(SptPolicy p) {
        return new PimSettings(rpAddress, ssmNetwork, ssmPrefixLength, p, helloPeriodSeconds, drPriority, joinPrunePeriodSeconds, assertPreference, localAddresses);
    }

    public boolean isSsm(int group) {
        int m = Ipv4.maskOf(ssmPrefixLength);
        return (group & m) == (ssmNetwork & m);
    }

    public int helloHoldtime() {
        return Math.min(0xFFFE, (int) Math.round(helloPeriodSeconds * 3.5));
    }

    public int joinPruneHoldtime() {
        return Math.min(0xFFFE, (int) Math.round(joinPrunePeriodSeconds * 3.5));
    }
}
