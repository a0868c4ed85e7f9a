package org.openmgm.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AcceptedConfigurationTest {
    static Integer parse(Map<String, ?> p) {
        Object v = p.get("n");
        try {
            return Integer.valueOf(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("n: not a number: '" + v + "'");
        }
    }

    @Test
    void validSettingsAreReturnedAndRemembered() {
        AcceptedConfiguration<Integer> c = new AcceptedConfiguration<>("org.example");
        assertNull(c.last());
        assertEquals(5, c.accept(Map.of("n", "5"), AcceptedConfigurationTest::parse));
        assertEquals(5, c.last());
        assertEquals(7, c.accept(Map.of("n", "7"), AcceptedConfigurationTest::parse));
    }

    @Test
    void invalidSettingsKeepThePreviousOnes() {
        AcceptedConfiguration<Integer> c = new AcceptedConfiguration<>("org.example");
        Integer first = c.accept(Map.of("n", "5"), AcceptedConfigurationTest::parse);
        assertSame(first, c.accept(Map.of("n", "five"), AcceptedConfigurationTest::parse));
        assertEquals(5, c.last());
    }

    @Test
    void invalidSettingsWithNothingEarlierAreTheCallersProblem() {
        AcceptedConfiguration<Integer> c = new AcceptedConfiguration<>("org.example");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> c.accept(Map.of("n", "x"), AcceptedConfigurationTest::parse));
        assertEquals("n: not a number: 'x'", e.getMessage());
        assertNull(c.last());
    }

    @Test
    void theSourceIsTheFileWhenFileInstallGaveOne() {
        AcceptedConfiguration<Integer> c = new AcceptedConfiguration<>("org.example");
        assertEquals("/etc/org.example.cfg", c.source(Map.of("felix.fileinstall.filename", "/etc/org.example.cfg")));
        assertEquals("PID org.example", c.source(Map.of()));
    }
}
