package org.openmgm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

    @Test
    void everyFormAConfigurationMayTakeGivesTheSameList() {
        List<String> want = List.of("eth1", "eth2");
        assertEquals(want, ConfigValues.list(new String[] {"eth1", "eth2"}));
        assertEquals(want, ConfigValues.list(List.of(" eth1", "eth2 ")));
        assertEquals(want, ConfigValues.list("eth1, eth2"));
        assertEquals(want, ConfigValues.list("[ \"eth1\", \"eth2\" ]"));
        assertEquals(want, ConfigValues.list(new String[] {"[ \"eth1\", \"eth2\" ]"}));
    }

    @Test
    void elementsKeepTheirInnerSpacesAndEmptyOnesAreDropped() {
        assertEquals(List.of("239.1.1.1 eth1", "232.1.1.1 eth2 198.18.0.1"),
                ConfigValues.list("[ \"239.1.1.1 eth1\", , \"232.1.1.1 eth2 198.18.0.1\" ]"));
        assertEquals(List.of(), ConfigValues.list(null));
        assertEquals(List.of(), ConfigValues.list("[ ]"));
        assertEquals(List.of(), ConfigValues.list(new String[0]));
    }
}
