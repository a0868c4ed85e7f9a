package org.openmgm.dataplane.pcap.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.SourceGroup;
import org.openmgm.api.spi.ForwardingEntry;

class ForwardingTableTest {

    private static Route route(int s, int g, int iif) {
        return new Route(new ForwardingEntry(new SourceGroup(s, g), InterfaceKey.of(iif), List.of()), new Route.Oif[0], new MfeCounterSet());
    }

    @Test
    void lookupsSeeEveryAddedRouteAndNoRemovedOne() {
        Random rnd = new Random(42);
        Map<Long, Integer> model = new HashMap<>();
        ForwardingTable t = ForwardingTable.EMPTY;
        for (int i = 0; i < 3000; i++) {
            int s = 0xC6120000 | rnd.nextInt(64), g = 0xEF000000 | rnd.nextInt(64);
            long k = SourceGroup.pack(s, g);
            if (rnd.nextInt(3) == 0) {
                t = t.without(k);
                model.remove(k);
            } else {
                t = t.with(route(s, g, i));
                model.put(k, i);
            }
        }
        assertEquals(model.size(), t.size());
        for (int s = 0; s < 64; s++)
            for (int g = 0; g < 64; g++) {
                long k = SourceGroup.pack(0xC6120000 | s, 0xEF000000 | g);
                Route r = t.get(k);
                Integer iif = model.get(k);
                if (iif == null) assertNull(r);
                else assertEquals(iif.intValue(), r.iif);
            }
    }

    @Test
    void anOldViewIsNotChangedByLaterWrites() {
        ForwardingTable a = ForwardingTable.EMPTY.with(route(1, 0xEF010101, 3));
        ForwardingTable b = a.with(route(1, 0xEF010101, 4)).with(route(2, 0xEF010101, 5));
        assertEquals(3, a.get(SourceGroup.pack(1, 0xEF010101)).iif);
        assertNull(a.get(SourceGroup.pack(2, 0xEF010101)));
        assertEquals(4, b.get(SourceGroup.pack(1, 0xEF010101)).iif);
    }
}
