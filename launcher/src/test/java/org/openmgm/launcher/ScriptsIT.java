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
    void consoleModeRunsShellCommandsAndStopsAtTheEndOfItsInput() throws Exception {
        try (Router r = Router.copy()) {
            Process p = new ProcessBuilder(r.home.resolve("bin/openmgm").toString(), "--console")
                    .redirectErrorStream(true).redirectOutput(r.home.resolve("console.out").toFile()).start();
            try (java.io.OutputStream in = p.getOutputStream()) {
                Router.await(Router.READY_TIMEOUT, () -> r.console().contains("openmgm> ") || !p.isAlive(), "the shell prompt");
                in.write("mgm:protocols\n".getBytes());
                in.flush();
                Router.await(java.time.Duration.ofSeconds(30), () -> r.console().contains("protocol(s)") || !p.isAlive(), "the command's output");
            }
            boolean exited = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!exited) p.destroyForcibly();
            String out = r.console();
            assertTrue(out.contains("static    3"), out);
            assertTrue(exited, "the console stops the router at the end of its input:\n" + out);
            assertEquals(0, p.exitValue(), out);
            assertTrue(!java.nio.file.Files.exists(r.home.resolve("run/openmgm.sock")), "socket removed");
        }
    }

    @Test
    void sigtermDuringStartUpStillStopsCleanly() throws Exception {
        try (Router r = Router.copy()) {
            r.start();
            Router.await(Router.READY_TIMEOUT, () -> r.log().contains("INFO") || !r.process().isAlive(), "the first log line");
            int exit = r.stop();
            assertEquals(0, exit, r.console() + r.log());
            assertTrue(!java.nio.file.Files.exists(r.home.resolve("run/openmgm.sock")), "socket removed");
            assertTrue(r.log().contains("stopped after"), r.log());
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
