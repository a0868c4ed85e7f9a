package org.openmgm.dvmrp.osgi;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class DvmrpComponentTest {
    @Test
    void interfaceListsAreReadInEveryFormACfgFileGives() {
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"r-eth1", "r-eth2"}));
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"[ \"r-eth1\", \"r-eth2\" ]"}));
        assertEquals(List.of("r-eth1", "r-eth2"), DvmrpComponent.names(new String[] {"r-eth1, r-eth2"}));
        assertEquals(List.of(), DvmrpComponent.names(null));
    }
}
