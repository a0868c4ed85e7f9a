package org.openmgm.pim.packet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Consumer;

/**
 * Jazzer fuzz test of the PIM parser and of the router fed with whatever parses ({@link FuzzTarget}).
 * {@code mvn verify} replays the seeds (FRR and pimd captures, in
 * src/test/resources/org/openmgm/pim/packet/PimParserFuzzTestInputs) and then fuzzes for 10 s
 * (the pom sets JAZZER_FUZZ=1). The target is loaded through {@link ClassVersionLoader} so that
 * Jazzer can instrument it for coverage. Long run: docs/protocol-pim-sample.md.
 */
class PimParserFuzzTest {
    private static Consumer<byte[]> target;

    @SuppressWarnings("unchecked")
    private static synchronized Consumer<byte[]> target() throws ReflectiveOperationException {
        if (target == null) {
            Class<?> c = ClassVersionLoader.forThisModule().loadClass(FuzzTarget.class.getName());
            target = (Consumer<byte[]>) c.getConstructor().newInstance();
        }
        return target;
    }

    @FuzzTest(maxDuration = "10s")
    void parserAndRouterSurviveAnyInput(byte[] data) throws ReflectiveOperationException {
        target().accept(data);
    }
}
