package org.openmgm.itests.support;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ops4j.pax.exam.Option;

/**
 * The framework every integration test runs in: Felix (from the class path), SCR with its three
 * run-time bundles, Configuration Admin, Metatype, the Gogo runtime and commands (no console: commands
 * run through {@code CommandProcessor}), Jackson, mgm-api and mgm-core, plus the reactor modules a
 * test asks for ({@link #reactor}) when they are real bundles.
 */
public final class OpenMgmOptions {
    private OpenMgmOptions() {}

    public static final String DATAPLANE = "dataplane-pcap";
    public static final String IGMP = "protocol-igmp";
    public static final String PIM = "protocol-pim-sample";
    public static final String DVMRP = "protocol-dvmrp-sample";

    private static final String[] FRAMEWORK = {
        "org.osgi.util.function", "org.osgi.util.promise", "org.osgi.service.component",
        "org.apache.felix.configadmin", "org.apache.felix.metatype", "org.apache.felix.scr",
        "org.apache.felix.gogo.runtime", "org.apache.felix.gogo.command",
        "jackson-annotations", "jackson-core", "jackson-databind",
    };

    /** Felix + SCR + ConfigAdmin + Gogo + mgm-api + mgm-core, and {@code extra}. */
    public static Option base(Option... extra) {
        List<Option> o = new ArrayList<>();
        o.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("org.ops4j.pax.url.mvn.localRepository", System.getProperty("user.home") + "/.m2/repository")));
        o.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value(System.getProperty("openmgm.itests.log", "WARN")));
        o.add(frameworkProperty("felix.log.level").value("1"));
        // The probe sees the system properties the failsafe JVM was started with (same JVM), nothing to pass.
        o.add(cleanCaches(true));
        o.add(junitBundles());
        for (String a : FRAMEWORK) o.add(file(ReactorBundles.thirdParty(a)));
        o.add(file(ReactorBundles.find("mgm-api").orElseThrow(() -> new IllegalStateException("mgm-api bundle missing"))));
        o.add(file(ReactorBundles.find("mgm-core").orElseThrow(() -> new IllegalStateException("mgm-core bundle missing"))));
        o.add(composite(extra));
        return composite(o.toArray(Option[]::new));
    }

    /** The named reactor modules that are real bundles (missing ones are left out; tests check and skip). */
    public static Option reactor(String... artifactIds) {
        List<Option> o = new ArrayList<>();
        for (String a : artifactIds) ReactorBundles.find(a).ifPresent(p -> o.add(file(p)));
        return composite(o.toArray(Option[]::new));
    }

    public static Option file(Path jar) {
        return bundle(jar.toAbsolutePath().toUri().toString());
    }
}
