package org.openmgm.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
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
        buildTestBundle(staging);

        long t0 = System.nanoTime();
        Files.move(staging, jar, StandardCopyOption.ATOMIC_MOVE);
        Router.await(WAIT, this::testProtocolRegistered, "the test protocol registered with its interface");
        long deployMillis = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("HotDeployIT: registered and took its interface " + deployMillis + " ms after the copy (incl. openmgm-ctl round trips)");

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

    /** The fixture bundle: TestProtocolActivator's classes with a hand-made manifest (test fixture, not product). */
    private static void buildTestBundle(Path jar) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.openmgm.test.protocol");
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "org.openmgm.launcher.fixture.TestProtocolActivator");
        a.putValue("Import-Package", "org.osgi.framework,org.openmgm.api");
        a.putValue("X-Test-Protocol-Id", Integer.toString(PROTOCOL_ID));
        a.putValue("X-Test-IfIndex", Integer.toString(IF_INDEX));
        Path classes = Path.of(System.getProperty("openmgm.testClasses", "target/test-classes"));
        Path pkg = classes.resolve("org/openmgm/launcher/fixture");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf);
             Stream<Path> files = Files.list(pkg)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                j.putNextEntry(new JarEntry("org/openmgm/launcher/fixture/" + f.getFileName()));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
        }
    }
}
