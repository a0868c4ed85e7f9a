package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The start scripts without a running router. */
class ScriptsIT {

    @Test
    void ctlSaysTheRouterIsNotRunning() throws Exception {
        try (Router r = Router.copy()) {
            Router.Result res = r.ctl("mgm:protocols", "-j");
            assertEquals(3, res.exit());
            assertEquals(1, res.err().strip().lines().count(), res.err());
            assertTrue(res.err().contains("router not running"), res.err());
        }
    }

    @Test
    void withoutJava25TheScriptsSayWhatIsMissingInOneLine() throws Exception {
        try (Router r = Router.copy()) {
            Map<String, String> env = Map.of("JAVA_HOME", "/usr/lib/jvm/java-17-openjdk-amd64", "OPENMGM_JVM_DIR", r.home.resolve("nojvm").toString());
            for (String script : new String[] {"bin/openmgm", "bin/openmgm-ctl"}) {
                Router.Result res = r.run(env, script, "mgm:protocols");
                assertEquals(1, res.exit(), script);
                assertEquals(1, res.err().strip().lines().count(), res.err());
                assertTrue(res.err().contains("needs Java 25 or newer"), res.err());
                assertTrue(res.err().contains("JAVA_HOME="), res.err());
            }
        }
    }

    @Test
    void unknownOptionsAreRejected() throws Exception {
        try (Router r = Router.copy()) {
            Router.Result res = r.run(Map.of(), "bin/openmgm", "--frobnicate");
            assertEquals(2, res.exit());
            assertTrue(res.err().contains("unknown argument"), res.err());
        }
    }
}
