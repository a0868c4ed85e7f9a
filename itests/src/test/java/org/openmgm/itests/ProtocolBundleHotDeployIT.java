package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MembershipView;
import org.openmgm.api.Mfe;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.OifView;
import org.openmgm.api.ProtocolId;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.FakePacketIo;
import org.openmgm.itests.support.MgmFixture;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.ProtocolConfigs;
import org.openmgm.itests.support.RecordingProtocol;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Hot deploy and undeploy of the real protocol bundles: stop/start, update and uninstall/reinstall of
 * protocol-igmp, protocol-pim-sample and protocol-dvmrp-sample while a recording protocol holds state
 * beside them. Each departure must leave no ownership, membership, MFE iif or oif of the protocol,
 * with the alerts the spec prescribes; each arrival must restore the protocol on its configured
 * interfaces (Configuration Admin keeps the configuration across the bundle's life).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProtocolBundleHotDeployIT {
    static final ProtocolId IGMP = new ProtocolId(10, 1);
    static final ProtocolId PIM = new ProtocolId(103, 1);
    static final ProtocolId DVMRP = new ProtocolId(17, 1);

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return options(OpenMgmOptions.base(OpenMgmOptions.reactor(OpenMgmOptions.IGMP, OpenMgmOptions.PIM, OpenMgmOptions.DVMRP)));
    }

    enum Cycle { STOP_START, UPDATE, UNINSTALL_INSTALL }

    /** Takes {@code b} away and back in the given way; returns the (possibly new) bundle. */
    private Bundle depart(Bundle b, Cycle c) throws Exception {
        switch (c) {
            case STOP_START, UPDATE -> b.stop();
            case UNINSTALL_INSTALL -> b.uninstall();
        }
        return b;
    }

    private Bundle arrive(Bundle b, Cycle c) throws Exception {
        return switch (c) {
            case STOP_START -> {
                b.start();
                yield b;
            }
            case UPDATE -> {
                b.update(); // from its location: the same jar, a new revision
                b.start();
                yield b;
            }
            case UNINSTALL_INSTALL -> {
                Bundle n = bc.installBundle(b.getLocation());
                n.start();
                yield n;
            }
        };
    }

    private static List<Integer> interfacesOf(MgmFixture f, ProtocolId id) {
        return f.mgm.protocols().stream().filter(p -> p.id().equals(id)).findFirst()
                .map(p -> p.interfaces().stream().map(InterfaceKey::ifIndex).sorted().toList()).orElse(null);
    }

    /** Nothing of {@code id} is left in the MGM: no registration, owner, membership, MFE iif or oif on its interfaces. */
    private static void assertNoTrace(MgmFixture f, ProtocolId id, List<Integer> itsInterfaces) {
        Await.until(id + " deregistered", () -> interfacesOf(f, id) == null);
        for (int i : itsInterfaces) assertNull("if" + i + " has no owner", f.owner(i));
        for (MembershipView m : f.mgm.memberships()) {
            assertTrue("membership left by " + id + ": " + m, !m.holder().equals(id));
            assertTrue("membership left on its interface: " + m, !itsInterfaces.contains(m.iface().ifIndex()));
        }
        for (Mfe m : f.mgm.mfes(null, 10_000)) {
            assertTrue("MFE whose iif it owned is left: " + m, !itsInterfaces.contains(m.incomingInterface().ifIndex()));
            for (OifView o : m.outgoing()) assertTrue("its oif is left in " + m.sourceGroup(), !itsInterfaces.contains(o.iface().ifIndex()));
        }
    }

    private void igmpCycle(Cycle cycle, int base) throws Exception {
        Osgi osgi = new Osgi(bc);
        FakePacketIo io = FakePacketIo.standard(bc);
        Bundle b = osgi.bundle("org.openmgm.igmp").orElse(null);
        assumeTrue("protocol-igmp is not built yet", b != null);
        String g1 = "239.1." + base + ".6", g2 = "239.1." + base + ".7";
        try (MgmFixture f = new MgmFixture(osgi)) {
            RecordingProtocol r = f.recorder(7000 + base, 1);
            f.rib.route(MgmFixture.ip("10.209.0.0"), 16, InterfaceKey.of(209), 0);
            r.handle().takeInterface(InterfaceKey.of(209));
            r.handle().takeInterface(InterfaceKey.of(208));
            r.handle().addMembership(MembershipKey.anySource(MgmFixture.ip(g2)), InterfaceKey.of(208), MgmConstants.MGM_JOIN_STATE_FLAG);
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan1", "lan2"}, "version", 2));
            Runnable hostsReport = () -> {
                io.deliver("lan1", FakePacketIo.igmpV2Report("198.18.1.10", g1));
                io.deliver("lan2", FakePacketIo.igmpV2Report("198.18.2.10", g2));
            };
            Await.until("IGMP on lan1, lan2", () -> List.of(201, 202).equals(interfacesOf(f, IGMP)));
            hostsReport.run();
            Await.until("IGMP memberships", () -> f.membershipsOf(10).size() == 2);
            f.packet("10.209.1.1", g1, 209);
            f.packet("10.209.1.1", g2, 209);
            assertEquals("[if201]", f.oifs("10.209.1.1", g1));
            assertEquals("[if202, if208]", f.oifs("10.209.1.1", g2));

            r.clear();
            b = depart(b, cycle);
            assertNoTrace(f, IGMP, List.of(201, 202));
            assertEquals("[]", f.oifs("10.209.1.1", g1));
            assertEquals("[if208]", f.oifs("10.209.1.1", g2));
            Set<String> expected = Set.of("prune (*, " + g1 + ") member=true", "prune (*, " + g2 + ") member=true",
                    "prune (10.209.1.1, " + g1 + ") if209 member=false");
            Await.until("departure alerts " + expected, () -> new TreeSet<>(r.alerts()).equals(expected));
            assertEquals(r.alerts().toString(), 3, r.alerts().size());

            r.clear();
            b = arrive(b, cycle);
            Await.until("IGMP back on lan1, lan2 with its configuration", () -> List.of(201, 202).equals(interfacesOf(f, IGMP)));
            hostsReport.run(); // the hosts answer the new querier's general query
            Await.until("IGMP memberships restored", () -> f.membershipsOf(10).size() == 2);
            assertEquals("[if201]", f.oifs("10.209.1.1", g1));
            assertEquals("[if202, if208]", f.oifs("10.209.1.1", g2));
            Set<String> back = Set.of("join (*, " + g1 + ") member=true", "join (*, " + g2 + ") member=true",
                    "join (10.209.1.1, " + g1 + ") member=false");
            Await.until("arrival alerts " + back, () -> new TreeSet<>(r.alerts()).equals(back));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.UNINSTALLED) b.start();
        }
    }

    @Test
    public void igmpBundleStopAndStart() throws Exception {
        igmpCycle(Cycle.STOP_START, 1);
    }

    @Test
    public void igmpBundleUpdate() throws Exception {
        igmpCycle(Cycle.UPDATE, 2);
    }

    @Test
    public void igmpBundleUninstallAndInstall() throws Exception {
        igmpCycle(Cycle.UNINSTALL_INSTALL, 3);
    }

    /**
     * PIM and IGMP share lan1 (PIM owns it, IGMP is present). PIM's departure hands lan1 to IGMP alone
     * (§4.4: Disable/Enable bracket, IGMP re-adds its membership, now its own); PIM's return takes it
     * back and PIM learns the member again through the re-add (a local join), which it shows by sending a
     * Join towards the RP.
     */
    private void pimCycle(Cycle cycle, int base) throws Exception {
        Osgi osgi = new Osgi(bc);
        FakePacketIo io = FakePacketIo.standard(bc);
        Bundle b = osgi.bundle("org.openmgm.pim").orElse(null);
        assumeTrue("protocol-pim-sample is not built yet", b != null);
        assumeTrue("protocol-igmp is not built yet", osgi.bundle("org.openmgm.igmp").isPresent());
        String g = "239.2." + base + ".1";
        try (MgmFixture f = new MgmFixture(osgi)) {
            RecordingProtocol r = f.recorder(7100 + base, 1);
            r.handle().takeInterface(InterfaceKey.of(207));
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan1"}, "version", 2));
            // The fake interfaces are not in this machine's routing table: a static route gives PIM its RPF towards the RP.
            osgi.configure("org.openmgm.pim", Osgi.props("interfaces", new String[] {"lan1", "pim1"}, "rpAddress", "198.18.11.2", "rawSocket", "false",
                    "staticRoutes", new String[] {"198.18.11.0/24 dev pim1"}));
            Await.until("PIM on lan1, pim1 and IGMP on lan1", () -> List.of(201, 211).equals(interfacesOf(f, PIM))
                    && List.of(201).equals(interfacesOf(f, IGMP)));
            assertEquals("PIM is the routing owner of lan1", PIM, f.owner(201));
            io.deliver("pim1", FakePacketIo.pimHello("198.18.11.2"));
            io.deliver("lan1", FakePacketIo.igmpV2Report("198.18.1.10", g));
            Await.until("IGMP's membership on lan1 counts for PIM", () -> f.mgm.memberships().stream().anyMatch(m ->
                    m.holder().equals(IGMP) && m.iface().ifIndex() == 201 && PIM.equals(m.attributedTo())));

            b = depart(b, cycle);
            assertNoTrace(f, PIM, List.of(211));
            Await.until("lan1 is IGMP's alone, and the membership is IGMP's own", () -> IGMP.equals(f.owner(201))
                    && f.mgm.memberships().stream().anyMatch(m -> m.holder().equals(IGMP) && m.iface().ifIndex() == 201
                    && IGMP.equals(m.attributedTo()) && org.openmgm.api.Ipv4.format(m.key().group()).equals(g)));

            io.clearSent();
            b = arrive(b, cycle);
            Await.until("PIM back on lan1, pim1", () -> List.of(201, 211).equals(interfacesOf(f, PIM)));
            assertEquals(PIM, f.owner(201));
            io.deliver("pim1", FakePacketIo.pimHello("198.18.11.2"));
            Await.until("the re-added membership counts for PIM again", () -> f.mgm.memberships().stream().anyMatch(m ->
                    m.holder().equals(IGMP) && m.iface().ifIndex() == 201 && PIM.equals(m.attributedTo())));
            Await.until("PIM, told of the local member, joins towards the RP on pim1", java.time.Duration.ofSeconds(15),
                    () -> io.sent(211, 103).stream().anyMatch(s -> FakePacketIo.pimType(s.ip()) == 3),
                    () -> "sent on pim1: " + io.sent(211, 103).stream().map(s -> FakePacketIo.pimType(s.ip())).toList()
                            + (osgi.hasCommand("pim", "joins") ? "\npim:joins -j: " + gogo(osgi, "pim:joins -j") : ""));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.pim");
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.UNINSTALLED) b.start();
        }
    }

    private static String gogo(Osgi osgi, String cmd) {
        try {
            return osgi.gogo(cmd).text();
        } catch (Exception e) {
            return e.toString();
        }
    }

    @Test
    public void pimBundleStopAndStart() throws Exception {
        pimCycle(Cycle.STOP_START, 1);
    }

    @Test
    public void pimBundleUpdate() throws Exception {
        pimCycle(Cycle.UPDATE, 2);
    }

    @Test
    public void pimBundleUninstallAndInstall() throws Exception {
        pimCycle(Cycle.UNINSTALL_INSTALL, 3);
    }

    /**
     * DVMRP owns dv1 and dv2 and is the RPF owner of its connected subnets (its own RIB): a flow from a
     * source on dv1 to a group the recorder wants has its iif on dv1. DVMRP's departure deletes that MFE
     * and leaves no trace; its return re-creates it on the next packet.
     */
    private void dvmrpCycle(Cycle cycle, int base) throws Exception {
        Osgi osgi = new Osgi(bc);
        FakePacketIo.standard(bc);
        Bundle b = osgi.bundle("org.openmgm.dvmrp").orElse(null);
        assumeTrue("protocol-dvmrp-sample is not built yet", b != null);
        String g = "239.3." + base + ".1";
        try (MgmFixture f = new MgmFixture(osgi)) {
            RecordingProtocol r = f.recorder(7200 + base, 1);
            r.handle().takeInterface(InterfaceKey.of(206));
            r.handle().addMembership(MembershipKey.anySource(MgmFixture.ip(g)), InterfaceKey.of(206), MgmConstants.MGM_JOIN_STATE_FLAG);
            osgi.configure("org.openmgm.dvmrp", Osgi.props("interfaces", new String[] {"dv1", "dv2"}));
            Await.until("DVMRP on dv1, dv2", () -> List.of(221, 222).equals(interfacesOf(f, DVMRP)));
            awaitDvmrpRib();
            f.packet("198.18.21.50", g, 221);
            Await.until("MFE with iif dv1 (DVMRP's route)", () -> {
                Mfe m = f.mfeOrNull(MgmFixture.sg("198.18.21.50", g));
                return m != null && m.incomingInterface().ifIndex() == 221;
            });
            assertTrue(f.oifs("198.18.21.50", g).contains("if206"));

            r.clear();
            b = depart(b, cycle);
            assertNoTrace(f, DVMRP, List.of(221, 222));
            assertEquals("the MFE whose iif DVMRP owned is gone", "absent", f.oifs("198.18.21.50", g));
            for (String a : r.alerts()) assertTrue("a departure causes prunes only: " + r.alerts(), a.startsWith("prune "));

            b = arrive(b, cycle);
            Await.until("DVMRP back on dv1, dv2", () -> List.of(221, 222).equals(interfacesOf(f, DVMRP)));
            awaitDvmrpRib();
            f.packet("198.18.21.50", g, 221);
            Await.until("the next packet re-creates the MFE on dv1", () -> {
                Mfe m = f.mfeOrNull(MgmFixture.sg("198.18.21.50", g));
                return m != null && m.incomingInterface().ifIndex() == 221 && f.oifs("198.18.21.50", g).contains("if206");
            });
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.dvmrp");
            if (b.getState() != Bundle.ACTIVE && b.getState() != Bundle.UNINSTALLED) b.start();
        }
    }

    /**
     * DVMRP's MulticastRib is bound by the MGM in the same service event as its MgmProtocol, but the
     * protocol's registration runs on the MGM's registrar thread and can take the interfaces first; a
     * packet in that window finds no route and creates a negative MFE on the arrival interface that lives
     * the default 900 s (spec 5.1). Wait for the RIB service, then let the event dispatch finish.
     */
    private void awaitDvmrpRib() {
        Await.until("DVMRP's multicast RIB is published", () -> {
            try {
                var refs = bc.getServiceReferences(org.openmgm.api.spi.MulticastRib.class, "(" + org.openmgm.api.MgmProtocol.PROTOCOL_ID + "=17)");
                return !refs.isEmpty();
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.sleep(200);
    }

    @Test
    public void dvmrpBundleStopAndStart() throws Exception {
        dvmrpCycle(Cycle.STOP_START, 1);
    }

    @Test
    public void dvmrpBundleUpdate() throws Exception {
        dvmrpCycle(Cycle.UPDATE, 2);
    }

    @Test
    public void dvmrpBundleUninstallAndInstall() throws Exception {
        dvmrpCycle(Cycle.UNINSTALL_INSTALL, 3);
    }
}
