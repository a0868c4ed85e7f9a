package org.openmgm.pim.engine;

import java.util.Optional;

/** The unicast routes PIM uses for RPF (towards sources and the RP). Must be cheap; may be called often. */
@FunctionalInterface
public interface UnicastRib {
    Optional<PimRoute> lookup(int address);
}
