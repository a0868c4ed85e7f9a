package org.openmgm.pim.internal;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** The {@code pim:*} Gogo commands; each prints a table, or JSON with {@code -j}/{@code --json}. */
@Component(service = PimCommands.class, property = {"osgi.command.scope=pim", "osgi.command.function=interfaces",
        "osgi.command.function=neighbors", "osgi.command.function=rp", "osgi.command.function=joins", "osgi.command.function=stats"})
public final class PimCommands {
    private volatile PimComponent pim;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindPim(PimComponent c) {
        pim = c;
    }

    void unbindPim(PimComponent c) {
        if (pim == c) pim = null;
    }

    private PimText text() {
        PimComponent c = pim;
        if (c == null) throw new IllegalArgumentException("PIM is not running (no configuration org.openmgm.pim?)");
        return new PimText(c.router(), c.runtime().rawSocketOpen());
    }

    @Descriptor("PIM interfaces: address, DR, generation id, neighbour count")
    public String interfaces(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return text().interfaces(json);
    }

    @Descriptor("PIM neighbours with DR priority, generation id, uptime and expiry")
    public String neighbors(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return text().neighbors(json);
    }

    @Descriptor("the static RP, its RPF interface and neighbour, the SSM range")
    public String rp(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return text().rp(json);
    }

    @Descriptor("(*,G) and (S,G) state: upstream join state and timer, downstream per interface, register and assert state")
    public String joins(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return text().joins(json);
    }

    @Descriptor("PIM messages received and sent by type, drops by reason, protocol events")
    public String stats(@Descriptor("JSON output") @Parameter(names = {"-j", "--json"}, absentValue = "false", presentValue = "true") boolean json) {
        return text().stats(json);
    }
}
