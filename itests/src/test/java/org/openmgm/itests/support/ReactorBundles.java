package org.openmgm.itests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the reactor's bundles for the test framework. In the reactor build they are in
 * {@code target/bundles} (copied by maven-dependency-plugin in pre-integration-test, versions
 * stripped), so one {@code mvn verify} works without {@code mvn install}. During development,
 * {@code -Dopenmgm.dev.root=/work/main} prefers each module's own {@code target/<module>-*.jar}.
 * A jar without {@code Bundle-SymbolicName} (an unfinished module's empty jar) counts as absent, and
 * the tests that need it are skipped.
 */
public final class ReactorBundles {
    private ReactorBundles() {}

    public static Path bundlesDir() {
        return Path.of(System.getProperty("openmgm.bundles.dir", "target/bundles"));
    }

    public static Path workDir() {
        Path p = Path.of(System.getProperty("openmgm.itests.work", "target/itests-work"));
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + p, e);
        }
        return p;
    }

    /** The jar of reactor module {@code artifactId} if it is a real bundle. */
    public static Optional<Path> find(String artifactId) {
        String root = System.getProperty("openmgm.dev.root", "");
        if (!root.isBlank()) {
            Path target = Path.of(root, artifactId, "target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    Optional<Path> dev = s.filter(p -> {
                                String n = p.getFileName().toString();
                                return n.startsWith(artifactId + "-") && n.endsWith(".jar") && !n.endsWith("-tests.jar") && !n.endsWith("-sources.jar");
                            })
                            .filter(ReactorBundles::isBundle).findFirst();
                    if (dev.isPresent()) return dev;
                } catch (IOException e) {
                    // fall through to target/bundles
                }
            }
        }
        Path p = bundlesDir().resolve(artifactId + ".jar");
        return isBundle(p) ? Optional.of(p) : Optional.empty();
    }

    /** The jar of a third-party bundle copied to target/bundles (always present in a normal build). */
    public static Path thirdParty(String artifactId) {
        Path p = bundlesDir().resolve(artifactId + ".jar");
        if (!Files.isRegularFile(p)) throw new IllegalStateException(p + " is missing: run through `mvn verify` (pre-integration-test copies it)");
        return p;
    }

    public static boolean isBundle(Path jar) {
        if (!Files.isRegularFile(jar)) return false;
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.getManifest() != null && j.getManifest().getMainAttributes().getValue("Bundle-SymbolicName") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
