package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A protocol bundle copied into deploy/ joins the MGM; deleting it removes every trace of it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotDeployIT {
    private static final int PROTOCOL_ID = 4242;
    private static final int IF_INDEX = 42;
    private static final Duration WAIT = Duration.ofSeconds(20);
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

    private boolean testProtocolRegistered() {
        JsonNode list = router.ctl("mgm:protocols", "-j").json().get("protocols");
        for (JsonNode p : list) {
            if (p.get("protocolId").asInt() == PROTOCOL_ID && p.get("interfaces").toString().contains("\"ifIndex\":" + IF_INDEX)) return true;
        }
        return false;
    }

    @Test
    void deployingRegistersAndTakesInterfacesAndUndeployingRemovesAllState() throws Exception {
        Path jar = router.home.resolve("deploy/test-protocol.jar");
        Path staging = router.home.resolve("test-protocol.jar");
        TestArtifacts.protocolBundle(staging, PROTOCOL_ID, Integer.toString(IF_INDEX));

        long t0 = System.nanoTime();
        java.time.Instant copied = java.time.Instant.now();
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);
        Router.await(WAIT, this::testProtocolRegistered, "the test protocol registered with its interface");
        long deployMillis = (System.nanoTime() - t0) / 1_000_000;
        String taken = router.log().lines().filter(l -> l.contains("interface if" + IF_INDEX + " taken by testproto")).findFirst().orElseThrow();
        long logMillis = java.time.Duration.between(copied, java.time.Instant.parse(taken.substring(0, taken.indexOf(' ')))).toMillis();
        System.out.println("HotDeployIT: interface taken " + logMillis + " ms after the copy (log time stamp); seen by openmgm-ctl after " + deployMillis + " ms");

        JsonNode interfaces = router.ctl("mgm:interfaces", "-j").json().get("interfaces");
        assertTrue(interfaces.toString().contains("\"protocolId\":" + PROTOCOL_ID), interfaces.toString());
        assertTrue(router.ctl("mgm:groups", "-j").out().contains("239.77.0.1"));
        assertTrue(router.log().contains("protocol testproto " + PROTOCOL_ID + "/0 registered"), router.log());

        t0 = System.nanoTime();
        Files.delete(jar);
        Router.await(WAIT, () -> !router.ctl("mgm:protocols", "-j").out().contains("\"protocolId\" : " + PROTOCOL_ID), "the test protocol gone");
        System.out.println("HotDeployIT: deregistered " + (System.nanoTime() - t0) / 1_000_000 + " ms after the delete");
        assertFalse(router.ctl("mgm:interfaces", "-j").out().contains("\"ifIndex\" : " + IF_INDEX));
        assertFalse(router.ctl("mgm:groups", "-j").out().contains("239.77.0.1"));
        assertEquals(0, router.ctl("mgm:mfes", "-j").json().get("mfes").size());
        assertTrue(router.log().contains("interface if" + IF_INDEX + " released by testproto " + PROTOCOL_ID + "/0")
                || router.log().contains("protocol " + PROTOCOL_ID + "/0 left"), router.log());
    }
}
