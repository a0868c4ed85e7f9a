package org.openmgm.itests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.openmgm.itests.bundles.faulty.FaultyProtocol;
import org.openmgm.itests.bundles.faulty.FaultyProtocolActivator;
import org.openmgm.itests.bundles.scripted.ScriptedProtocol;
import org.openmgm.itests.bundles.scripted.ScriptedProtocolActivator;
import org.ops4j.pax.tinybundles.TinyBundle;
import org.ops4j.pax.tinybundles.TinyBundles;

/**
 * Builds the tests' own protocol bundles with Pax TinyBundles (bnd computes the imports: only
 * org.openmgm.api and org.osgi.framework). Runs on the driver side (in {@code @Configuration}); the
 * jars are written to the work folder, so the probe can install, update and uninstall them by file URL.
 */
public final class TestBundles {
    private TestBundles() {}

    /** A scripted protocol bundle ({@link ScriptedProtocol}); {@code name} makes the file and symbolic name unique. */
    public static Path scripted(String name, int protocolId, int componentId, String script) {
        TinyBundle b = TinyBundles.bundle()
                .symbolicName("org.openmgm.itests." + name)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("OpenMGM-Protocol-Id", String.valueOf(protocolId))
                .setHeader("OpenMGM-Component-Id", String.valueOf(componentId))
                .setHeader("OpenMGM-Script", script)
                .addClass(ScriptedProtocol.class)
                .addClass(ScriptedProtocolActivator.class)
                .activator(ScriptedProtocolActivator.class);
        return write(name, b);
    }

    /** The faulty protocol bundle ({@link FaultyProtocol}). */
    public static Path faulty(String name, int protocolId, int componentId, String script, boolean throwInRegistered) {
        TinyBundle b = TinyBundles.bundle()
                .symbolicName("org.openmgm.itests." + name)
                .setHeader("Bundle-Version", "1.0.0")
                .setHeader("OpenMGM-Protocol-Id", String.valueOf(protocolId))
                .setHeader("OpenMGM-Component-Id", String.valueOf(componentId))
                .setHeader("OpenMGM-Script", script)
                .setHeader("OpenMGM-Throw-In-Registered", String.valueOf(throwInRegistered))
                .addClass(ScriptedProtocol.class)
                .addClass(FaultyProtocol.class)
                .addClass(FaultyProtocolActivator.class)
                .activator(FaultyProtocolActivator.class);
        return write(name, b);
    }

    /** Where the probe finds a jar written by {@link #scripted} or {@link #faulty}. */
    public static Path path(String name) {
        return ReactorBundles.workDir().resolve(name + ".jar");
    }

    private static Path write(String name, TinyBundle b) {
        Path out = path(name);
        try (InputStream in = b.build(TinyBundles.bndBuilder())) {
            Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
