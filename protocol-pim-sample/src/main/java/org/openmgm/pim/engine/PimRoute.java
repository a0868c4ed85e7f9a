package org.openmgm.pim.engine;

import org.openmgm.api.Ipv4;

/**
 * A unicast route used for RPF and asserts: outgoing interface, gateway (0 when the destination is on
 * the link), prefix, and the assert metric preference and metric (RFC 7761 §4.6: compared
 * preference first, then metric, lower is better).
 */
public record PimRoute(int ifIndex, int gateway, int network, int prefixLength, int preference, int metric) {
    @Override
    public String toString() {
        return Ipv4.format(network) + "/" + prefixLength + " via " + (gateway == 0 ? "link" : Ipv4.format(gateway)) + " if" + ifIndex;
    }
}
