package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openmgm.api.Ipv4;

/**
 * Undeploying a protocol removes the MFEs it was the upstream of. Traffic without root: the data plane's
 * offline mode replays a pcap of multicast data "received" on t0 (ifIndex 101) and writes what it
 * forwards out of t1 (102) to a file; the test protocol owns both and has a member on t1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HotDeployMfeIT {
    private static final int PROTOCOL_ID = 4343;
    private static final Duration WAIT = Duration.ofSeconds(30);
    private Router router;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(realDataplane(), "bundle/dataplane-pcap*.jar is a stub (build the reactor)");
        router = Router.copy().start();
        router.awaitReady();
    }

    /** Every value typed (quoted): FileInstall reads a .cfg as typed only if all its values are. */
    private void writeDataplaneConfig(Path pcap, boolean replay) throws Exception {
        String cfg = "interfaces = [ \"t0\", \"t1\" ]\n"
                + (replay ? "offline.t0.read = \"" + pcap + "\"\n" : "offline.t0.write = \"" + router.home.resolve("t0.pcap") + "\"\n")
                + "offline.t0.pace = \"false\"\n"
                + "offline.t0.index = \"101\"\n"
                + "offline.t0.address = \"198.18.5.1/24\"\n"
                + "offline.t1.write = \"" + router.home.resolve("out.pcap") + "\"\n"
                + "offline.t1.index = \"102\"\n"
                + "offline.t1.address = \"198.18.6.1/24\"\n";
        Path tmp = router.home.resolve("etc/org.openmgm.dataplane.tmp");
        Files.writeString(tmp, cfg);
        Files.move(tmp, router.home.resolve("etc/org.openmgm.dataplane.cfg"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean realDataplane() throws Exception {
        Path bundles = Path.of(System.getProperty("openmgm.dist", "target/openmgm")).resolve("bundle");
        try (var files = Files.list(bundles)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("dataplane-pcap")).toList()) {
                try (var jar = new java.util.jar.JarFile(p.toFile())) {
                    if (jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Service-Component") != null) return true;
                }
            }
        }
        return false;
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (router != null) router.close();
    }

    @Test
    void undeployingTheUpstreamProtocolDeletesItsMfes() throws Exception {
        Path staging = router.home.resolve("mfe-protocol.jar");
        TestArtifacts.protocolBundle(staging, PROTOCOL_ID, "101,102", "198.18.5.0");
        Path jar = router.home.resolve("deploy/mfe-protocol.jar");
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);
        Router.await(WAIT, () -> router.ctl("mgm:interfaces", "-j").json().get("interfaces").size() == 2, "the protocol on ifIndex 101 and 102");

        Path pcap = router.home.resolve("traffic.pcap");
        TestArtifacts.multicastPcap(pcap, Ipv4.parse("198.18.5.10"), Ipv4.parse("239.77.0.1"), 5);
        // The route towards the source comes from the test protocol's own RIB (as DVMRP's would): the data
        // plane's static-route RIB is re-registered each time the data plane restarts for a new
        // configuration, and traffic replayed before it is back makes a route-less, negative MFE.
        writeDataplaneConfig(pcap, true);

        Router.await(WAIT, () -> router.ctl("mgm:mfes", "-j").json().get("mfes").size() == 1, "an MFE for the replayed traffic\n" + router.log());
        JsonNode mfe = router.ctl("mgm:mfe", "-j", "198.18.5.10", "239.77.0.1").json();
        assertEquals("t0", mfe.get("incoming").get("interface").asText(), mfe.toString());
        assertEquals(PROTOCOL_ID, mfe.get("incoming").get("owner").get("protocolId").asInt());
        assertEquals(1, mfe.get("outgoing").size(), mfe.toString());
        assertEquals("t1", mfe.get("outgoing").get(0).get("interface").asText(), mfe.toString());
        assertEquals(PROTOCOL_ID, mfe.get("route").get("protocol").asInt(), mfe.toString());
        assertEquals("F", mfe.get("flags").get(0).asText());
        assertTrue(mfe.get("packets").asLong() > 0, mfe.toString());

        Files.delete(jar);
        Router.await(WAIT, () -> router.ctl("mgm:mfes", "-j").json().get("mfes").isEmpty(), "the MFE gone with its upstream protocol");
        assertEquals(0, router.ctl("mgm:interfaces", "-j").json().get("interfaces").size());
        assertTrue(router.ctl("mgm:protocols", "-j").json().get("protocols").toString().indexOf("" + PROTOCOL_ID) < 0);
    }
}
