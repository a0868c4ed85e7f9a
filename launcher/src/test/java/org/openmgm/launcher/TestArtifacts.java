package org.openmgm.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Files the integration tests make: the test protocol bundle and a pcap of multicast data. */
final class TestArtifacts {
    private TestArtifacts() {}

    /**
     * The fixture bundle: {@code fixture.TestProtocolActivator}'s classes with a hand-made manifest (test
     * fixture, not product). It registers protocol {@code protocolId}, takes {@code interfaces} (ifIndexes)
     * and joins 239.77.0.1 on all but the first.
     */
    static void protocolBundle(Path jar, int protocolId, String interfaces) throws IOException {
        protocolBundle(jar, protocolId, interfaces, null);
    }

    /** As above; with {@code route} (a /24 network address) the bundle also publishes a multicast RIB for it. */
    static void protocolBundle(Path jar, int protocolId, String interfaces, String route) throws IOException {
        Manifest mf = new Manifest();
        Attributes a = mf.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue("Bundle-ManifestVersion", "2");
        a.putValue("Bundle-SymbolicName", "org.openmgm.test.protocol" + protocolId);
        a.putValue("Bundle-Version", "1.0.0");
        a.putValue("Bundle-Activator", "org.openmgm.launcher.fixture.TestProtocolActivator");
        a.putValue("Import-Package", "org.osgi.framework,org.openmgm.api,org.openmgm.api.spi");
        a.putValue("X-Test-Protocol-Id", Integer.toString(protocolId));
        a.putValue("X-Test-Interfaces", interfaces);
        if (route != null) a.putValue("X-Test-Route", route);
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

    /** A classic pcap (Ethernet) of {@code count} UDP packets from {@code source} to {@code group}, TTL 16. */
    static void multicastPcap(Path file, int source, int group, int count) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(24 + count * (16 + 14 + 20 + 8 + 32)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        for (int i = 0; i < count; i++) {
            int ipLen = 20 + 8 + 32;
            b.order(ByteOrder.LITTLE_ENDIAN).putInt(1_700_000_000).putInt(i * 1000).putInt(14 + ipLen).putInt(14 + ipLen);
            b.order(ByteOrder.BIG_ENDIAN);
            b.put(new byte[] {0x01, 0x00, 0x5e, (byte) ((group >>> 16) & 0x7f), (byte) (group >>> 8), (byte) group});
            b.put(new byte[] {0x02, 0x00, 0x00, 0x00, 0x05, 0x0a}).putShort((short) 0x0800);
            int ipStart = b.position();
            b.put((byte) 0x45).put((byte) 0).putShort((short) ipLen).putShort((short) (i + 1)).putShort((short) 0)
                    .put((byte) 16).put((byte) 17).putShort((short) 0).putInt(source).putInt(group);
            int sum = 0;
            for (int k = 0; k < 20; k += 2) sum += ((b.get(ipStart + k) & 0xff) << 8) | (b.get(ipStart + k + 1) & 0xff);
            while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
            b.putShort(ipStart + 10, (short) ~sum);
            b.putShort((short) 5000).putShort((short) 5001).putShort((short) (8 + 32)).putShort((short) 0);
            b.put(new byte[32]);
        }
        Files.write(file, java.util.Arrays.copyOf(b.array(), b.position()));
    }
}
