package org.openmgm.pim.packet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads this module's classes (main and test) child-first with their class-file major version
 * lowered from 69 (Java 25) to 65 (Java 21). Why: Jazzer 0.24.0's bundled ASM reads class files up
 * to Java 23 only, so it cannot add coverage instrumentation to Java 25 classes and would fuzz blind.
 * javac emits nothing for this code that needs a newer class-file version, and the JVM runs the
 * lowered classes unchanged.
 */
final class ClassVersionLoader extends ClassLoader {
    private static final String PREFIX = "org.openmgm.pim.";
    private final List<Path> roots;

    ClassVersionLoader(List<Path> roots, ClassLoader parent) {
        super(parent);
        this.roots = roots;
    }

    static ClassVersionLoader forThisModule() {
        Path main = Path.of(System.getProperty("pim.classes", "target/classes"));
        Path test = Path.of(System.getProperty("pim.test.classes", "target/test-classes"));
        return new ClassVersionLoader(List.of(main, test), ClassVersionLoader.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(PREFIX)) return super.loadClass(name, resolve);
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) c = findClass(name);
            if (resolve) resolveClass(c);
            return c;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        String file = name.replace('.', '/') + ".class";
        for (Path root : roots) {
            Path p = root.resolve(file);
            if (!Files.exists(p)) continue;
            try {
                byte[] b = Files.readAllBytes(p);
                int major = ((b[6] & 0xFF) << 8) | (b[7] & 0xFF);
                if (major > 65) {
                    b[6] = 0;
                    b[7] = 65;
                }
                return defineClass(name, b, 0, b.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
        return super.loadClass(name, false);
    }
}
