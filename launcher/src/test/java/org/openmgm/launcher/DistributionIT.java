package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** bin/openmgm and bin/openmgm-ctl of the assembled distribution, as an operator uses them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {
    private Router router;
    private long readyMillis;

    @BeforeAll
    void start() throws Exception {
        router = Router.copy().start();
        readyMillis = router.awaitReady();
        System.out.println("DistributionIT: ready in " + readyMillis + " ms (process age)");
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (router != null) router.close();
    }

    @Test
    @Order(1)
    void startsWithoutATerminalAndReportsReadyWithAllBundlesActive() {
        assertTrue(router.process().isAlive(), "stdin at EOF must not stop the router");
        assertTrue(readyMillis > 0);
        assertFalse(router.log().contains("not started"), router.log());
        Router.Result lb = router.ctl("lb");
        assertEquals(0, lb.exit(), lb.err());
        assertFalse(lb.out().contains("Installed") || lb.out().contains("Resolved"), lb.out());
    }

    @Test
    @Order(2)
    void ctlRunsAnMgmCommandAndPrintsJson() {
        Router.Result r = router.ctl("mgm:protocols", "-j");
        assertEquals(0, r.exit(), r.err());
        JsonNode protocols = r.json().get("protocols");
        assertTrue(protocols.isArray(), r.out());
        boolean hasStatic = false;
        for (JsonNode p : protocols) hasStatic |= p.get("protocol").asText().equals("static") && p.get("protocolId").asInt() == 3;
        assertTrue(hasStatic, r.out());
    }

    @Test
    @Order(3)
    void everyMgmCommandAnswersInJson() {
        Map<String, String> commands = Map.of("mgm:protocols", "protocols", "mgm:interfaces", "interfaces", "mgm:groups", "groups",
                "mgm:mfes", "mfes", "mgm:mfestats", "mfeStats", "mgm:statics", "statics", "mgm:config", "sweepIntervalMillis");
        commands.forEach((cmd, field) -> {
            Router.Result r = router.ctl(cmd, "--json");
            assertEquals(0, r.exit(), cmd + ": " + r.err());
            assertTrue(r.json().has(field), cmd + ": " + r.out());
        });
        assertEquals("ALL", router.ctl("mgm:config", "--json").json().path("creationAlerts").asText(),
                "the shipped etc/org.openmgm.core.cfg sends creation alerts to every protocol (RFC 2715 rule 3)");
    }

    @Test
    @Order(4)
    void joinAndLeaveThroughCtl() {
        Router.Result join = router.ctl("mgm:join", "-j", "239.5.5.5", "if50");
        assertEquals(0, join.exit(), join.err());
        assertEquals("active", join.json().get("state").asText());
        JsonNode groups = router.ctl("mgm:groups", "-j").json().get("groups");
        assertTrue(groups.toString().contains("239.5.5.5"), groups.toString());
        Router.Result leave = router.ctl("mgm:leave", "239.5.5.5", "if50");
        assertEquals(0, leave.exit(), leave.err());
        assertFalse(router.ctl("mgm:groups", "-j").out().contains("239.5.5.5"));
    }

    @Test
    @Order(5)
    void failingCommandsExitNonZeroWithOneLineReasons() {
        for (List<String> cmd : List.of(List.of("mgm:mfe", "1.2.3.4"), List.of("mgm:mfe", "1.2.3.4", "10.0.0.1"),
                List.of("mgm:mfe", "198.18.0.1", "239.1.1.1"), List.of("mgm:join", "nonsense", "eth1"), List.of("mgm:nosuch"))) {
            Router.Result r = router.ctl(cmd.toArray(String[]::new));
            assertNotEquals(0, r.exit(), cmd + " -> " + r.out());
            assertEquals(1, r.err().strip().lines().count(), cmd + " -> " + r.err());
            assertTrue(r.err().startsWith("openmgm-ctl: "), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    @Test
    @Order(5)
    void aCommandThatDoesNotAnswerTimesOutWithAReason() {
        Router.Result r = router.run(Map.of("OPENMGM_CTL_TIMEOUT", "2"), "bin/openmgm-ctl", "sleep", "30");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().contains("no answer from the router within 2 s"), r.err());
        assertEquals(0, router.ctl("mgm:protocols").exit(), "the router still answers");
    }

    @Test
    @Order(6)
    void controlSocketIsOwnerOnly() throws Exception {
        Path socket = router.home.resolve("run/openmgm.sock");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
    }

    @Test
    @Order(7)
    void aSecondInstanceRefusesToStart() {
        Router.Result second = router.run(Map.of(), "bin/openmgm");
        assertEquals(1, second.exit(), second.out() + second.err());
        assertTrue(second.err().contains("already running"), second.err());
        assertTrue(router.ctl("mgm:protocols").exit() == 0, "the first instance is untouched");
    }

    @Test
    @Order(8)
    void logHasOneLinePerSignificantEvent() {
        String log = router.log();
        assertTrue(log.contains("protocol static 3/0 registered"), log);
        assertTrue(log.contains("interface if50 taken by static 3/0"), log);
        assertTrue(log.contains("ready in "), log);
    }

    @Test
    @Order(100)
    void sigtermStopsCleanlyAndLeavesNothingBehind() throws Exception {
        ProcessHandle handle = router.process().toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        int exit = router.stop();
        assertEquals(0, exit, router.log());
        assertFalse(Files.exists(router.home.resolve("run/openmgm.sock")), "socket removed");
        assertTrue(children.stream().noneMatch(ProcessHandle::isAlive), "no process left behind");
        String log = router.log();
        assertTrue(log.contains("stopping (signal)"), log);
        assertTrue(log.contains("protocol static 3/0 deregistered"), log);
        assertTrue(log.strip().endsWith(log.lines().filter(l -> l.contains("stopped after")).findFirst().orElse("<no stopped line>")), log);
        Router.Result after = router.ctl("mgm:protocols");
        assertEquals(3, after.exit());
        assertTrue(after.err().contains("not running"), after.err());
    }
}
