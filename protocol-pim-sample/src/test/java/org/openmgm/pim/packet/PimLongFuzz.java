package org.openmgm.pim.packet;

import java.util.function.Consumer;

/**
 * Entry point for long stand-alone Jazzer runs ({@code com.code_intelligence.jazzer.Jazzer
 * --target_class=org.openmgm.pim.packet.PimLongFuzz}); the command is in docs/protocol-pim-sample.md.
 */
public final class PimLongFuzz {
    private static Consumer<byte[]> target;

    private PimLongFuzz() {}

    @SuppressWarnings("unchecked")
    public static void fuzzerInitialize() throws ReflectiveOperationException {
        Class<?> c = ClassVersionLoader.forThisModule().loadClass(FuzzTarget.class.getName());
        target = (Consumer<byte[]>) c.getConstructor().newInstance();
    }

    public static void fuzzerTestOneInput(byte[] data) {
        target.accept(data);
    }
}
