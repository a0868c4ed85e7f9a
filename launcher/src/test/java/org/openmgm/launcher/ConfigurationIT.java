package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/** etc/*.cfg through FileInstall and Configuration Admin, on the running distribution. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigurationIT {
    private static final Duration APPLY = Duration.ofSeconds(20);
    private Router router;

    @BeforeAll
    void start() throws Exception {
        router = Router.copy().start();
        router.awaitReady();
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (router != null) router.close();
    }

    private long setting(String key) {
        return router.ctl("mgm:config", "-j").json().get(key).asLong();
    }

    private void writeCfg(String pid, String content) throws Exception {
        // Write beside and move, so FileInstall never reads half a file.
        Path etc = router.home.resolve("etc");
        Path tmp = etc.resolve(pid + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, etc.resolve(pid + ".cfg"), java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    @Order(1)
    void aChangedFileReconfiguresTheRunningMgm() throws Exception {
        assertEquals(900, setting("defaultMfeTimeoutSeconds"));
        writeCfg("org.openmgm.core", "defaultMfeTimeoutSeconds = \"300\"\nwrongInterfaceMode = \"WINDOWS\"\n");
        Router.await(APPLY, () -> setting("defaultMfeTimeoutSeconds") == 300, "defaultMfeTimeoutSeconds = 300 in force");
    }

    @Test
    @Order(2)
    void anInvalidValueIsRejectedWithFileKeyAndProblemAndTheOldSettingsStay() throws Exception {
        writeCfg("org.openmgm.core", "defaultMfeTimeoutSeconds = 120\nsweepIntervalMillis = 5\n");
        Router.await(APPLY, () -> router.log().contains("configuration rejected"), "a rejection in the log");
        String line = router.log().lines().filter(l -> l.contains("configuration rejected")).findFirst().orElseThrow();
        assertTrue(line.contains("org.openmgm.core.cfg"), line);
        assertTrue(line.contains("sweepIntervalMillis"), line);
        assertTrue(line.contains(">= 10"), line);
        assertEquals(1, line.lines().count());
        assertEquals(300, setting("defaultMfeTimeoutSeconds"), "the whole new configuration is rejected, the previous one stays");
        assertEquals(1000, setting("sweepIntervalMillis"));
    }

    @Test
    @Order(3)
    void anInvalidStaticMembershipFileIsRejectedToo() throws Exception {
        assertEquals(0, router.ctl("mgm:join", "239.6.6.6", "if60").exit());
        Router.await(APPLY, () -> Router.read(router.home.resolve("etc/org.openmgm.static.cfg")).contains("239.6.6.6 if60"), "join saved to the file");
        writeCfg("org.openmgm.static", "memberships = [ \"239.6.6.6 if60\", \"10.1.1.1 if61\" ]\n");
        Router.await(APPLY, () -> router.log().lines().anyMatch(l -> l.contains("configuration rejected") && l.contains("org.openmgm.static.cfg")),
                "the static rejection in the log");
        String line = router.log().lines().filter(l -> l.contains("org.openmgm.static.cfg") && l.contains("rejected")).findFirst().orElseThrow();
        assertTrue(line.contains("memberships") && line.contains("not a multicast address"), line);
        assertEquals(1, router.ctl("mgm:statics", "-j").json().get("statics").size());
    }

    @Test
    @Order(4)
    void staticMembershipsSurviveARestart() throws Exception {
        writeCfg("org.openmgm.static", "memberships = [ \"239.6.6.6 if60\" ]\n");
        assertEquals(0, router.stop());
        router.start();
        router.awaitReady();
        Router.await(APPLY, () -> router.ctl("mgm:groups", "-j").out().contains("239.6.6.6"), "the static membership back after restart");
        assertEquals("active", router.ctl("mgm:statics", "-j").json().get("statics").get(0).get("state").asText());
    }

    /** A protocol bundle re-created by a bad change runs on with the settings it accepted last. */
    @Test
    @Order(5)
    void aProtocolKeepsItsPreviousSettingsWhenAChangeIsInvalid() throws Exception {
        writeCfg("org.openmgm.pim", "rpAddress = \"198.18.99.1\"\n");
        Router.await(APPLY, () -> router.ctl("pim:rp", "-j").out().contains("198.18.99.1"), "rpAddress 198.18.99.1 in force");
        writeCfg("org.openmgm.pim", "rpAddress = \"198.18.99.2\"\nsptPolicy = \"sometimes\"\n");
        Router.await(APPLY, () -> router.log().lines().anyMatch(l -> l.contains("org.openmgm.pim: configuration rejected")), "the PIM rejection in the log");
        String line = router.log().lines().filter(l -> l.contains("org.openmgm.pim: configuration rejected")).findFirst().orElseThrow();
        assertTrue(line.contains("org.openmgm.pim.cfg") && line.contains("sptPolicy") && line.contains("previous configuration stays in force"), line);
        Router.await(APPLY, () -> router.ctl("mgm:protocols", "-j").out().contains("pim"), "PIM registered again");
        String rp = router.ctl("pim:rp", "-j").out();
        assertTrue(rp.contains("198.18.99.1") && !rp.contains("198.18.99.2"), rp);
    }
}
