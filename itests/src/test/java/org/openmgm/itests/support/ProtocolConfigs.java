package org.openmgm.itests.support;

import java.time.Duration;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolView;

/**
 * Deletes protocol configurations and waits until the protocol components have followed (PIM and
 * DVMRP, configuration required: deregistered; IGMP, configuration optional: back on no interface).
 * Without the wait, a test that creates the same PID right after may race SCR: a configuration deleted
 * and re-created within milliseconds can leave the component on the old one (seen here: the new
 * configuration's change count is not newer than the deleted one's).
 */
public final class ProtocolConfigs {
    private ProtocolConfigs() {}

    public static void reset(Osgi osgi, String... pids) {
        MgmService mgm = osgi.service(MgmService.class);
        for (String pid : pids) osgi.deleteConfiguration(pid);
        for (String pid : pids) {
            int id = switch (pid) {
                case "org.openmgm.igmp" -> 10;
                case "org.openmgm.pim" -> 103;
                case "org.openmgm.dvmrp" -> 17;
                default -> throw new IllegalArgumentException(pid);
            };
            Await.until(pid + " deleted and its protocol back to no interface", Duration.ofSeconds(15), () -> {
                ProtocolView v = mgm.protocols().stream().filter(p -> p.id().protocolId() == id).findFirst().orElse(null);
                return id == 10 ? v == null || v.interfaces().isEmpty() : v == null;
            });
        }
    }
}
