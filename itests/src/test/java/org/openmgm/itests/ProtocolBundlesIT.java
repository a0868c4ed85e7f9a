package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolId;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.FakePacketIo;
import org.openmgm.itests.support.Json;
import org.openmgm.itests.support.MgmFixture;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.ProtocolConfigs;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

/**
 * The real protocol bundles (protocol-igmp, protocol-pim-sample, protocol-dvmrp-sample) in the
 * framework: each registers through the MGM whiteboard and takes the interfaces configured for it
 * through Configuration Admin; their Gogo commands and mgm:* return what the state holds; a
 * configuration change at run time moves them to other interfaces with the MGM effects. The data plane
 * is replaced by {@link FakePacketIo} (no root needed): named interfaces, a record of sent packets,
 * delivery of crafted packets to the protocols' listeners. A test whose bundle is not built is skipped.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ProtocolBundlesIT {
    static final ProtocolId IGMP = new ProtocolId(10, 1);
    static final ProtocolId PIM = new ProtocolId(103, 1);
    static final ProtocolId DVMRP = new ProtocolId(17, 1);

    @Inject
    BundleContext bc;

    private static FakePacketIo io;

    @Configuration
    public Option[] config() {
        return options(OpenMgmOptions.base(OpenMgmOptions.reactor(OpenMgmOptions.IGMP, OpenMgmOptions.PIM, OpenMgmOptions.DVMRP)));
    }

    /** The fake data plane, published once per framework. */
    FakePacketIo io() {
        io = FakePacketIo.standard(bc);
        return io;
    }

    private Osgi osgi() {
        io();
        return new Osgi(bc);
    }

    private static void assumeBundle(Osgi osgi, String symbolicName) {
        assumeTrue(symbolicName + " is not built yet", osgi.bundle(symbolicName).isPresent());
    }

    private static ProtocolId owner(MgmService mgm, int ifIndex) {
        try {
            return mgm.protocolOnInterface(InterfaceKey.of(ifIndex));
        } catch (org.openmgm.api.MgmException e) {
            return null;
        }
    }

    private static List<Integer> interfacesOf(MgmService mgm, ProtocolId id) {
        return mgm.protocols().stream().filter(p -> p.id().equals(id)).findFirst()
                .map(p -> p.interfaces().stream().map(InterfaceKey::ifIndex).sorted().toList()).orElse(null);
    }

    @Test
    public void igmpTakesItsConfiguredInterfacesAndReportsBecomeMgmMemberships() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.igmp");
        MgmService mgm = osgi.service(MgmService.class);
        try {
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan1", "lan2"}, "version", 2));
            awaitOrDiagnose(osgi, "IGMP owns lan1 and lan2", () -> List.of(201, 202).equals(interfacesOf(mgm, IGMP)));
            assertEquals(IGMP, owner(mgm, 201));
            Await.until("IGMP sent a general query on lan1", () -> !io.sent(201, 2).isEmpty());
            assertEquals("queries go to all-hosts", "224.0.0.1", org.openmgm.api.Ipv4.format(io.sent(201, 2).get(0).destination()));

            assertTrue(io.deliver("lan1", FakePacketIo.igmpV2Report("198.18.1.10", "239.1.2.3")) > 0);
            Await.until("the report became an MGM membership", () -> mgm.memberships().stream().anyMatch(m ->
                    m.holder().equals(IGMP) && m.iface().ifIndex() == 201 && org.openmgm.api.Ipv4.format(m.key().group()).equals("239.1.2.3")));

            if (osgi.hasCommand("igmp", "groups")) {
                JsonNode groups = Json.parse(osgi.gogo("igmp:groups -j").text());
                assertTrue("igmp:groups -j shows the group on lan1: " + groups,
                        Json.hasObject(groups, Map.of("group", "239.1.2.3", "interface", "lan1")));
                JsonNode ifs = Json.parse(osgi.gogo("igmp:interfaces --json").text());
                assertTrue(ifs.toString(), Json.hasObject(ifs, Map.of("interface", "lan2", "ifIndex", "202")));
                String text = osgi.gogo("igmp:groups").text();
                assertTrue("text form too: " + text, text.contains("239.1.2.3") && text.contains("lan1"));
            }
            if (osgi.hasCommand("mgm", "groups")) {
                JsonNode g = Json.parse(osgi.gogo("mgm:groups -j").text());
                assertTrue("mgm:groups -j shows IGMP's membership: " + g, Json.hasObject(g, Map.of("group", "239.1.2.3", "ifIndex", "201")));
                JsonNode p = Json.parse(osgi.gogo("mgm:protocols -j").text());
                assertTrue("mgm:protocols -j lists IGMP: " + p, Json.hasObject(p, Map.of("protocolId", "10", "componentId", "1")));
            }
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
        }
        Await.until("IGMP released its interfaces after its configuration was deleted", () -> {
            List<Integer> l = interfacesOf(mgm, IGMP);
            return l == null || l.isEmpty();
        });
    }

    @Test
    public void igmpConfigurationChangeAtRunTimeMovesItToTheNewInterfacesWithTheMgmEffects() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.igmp");
        try (MgmFixture f = new MgmFixture(osgi)) {
            var r = f.recorder(6001, 1);
            f.rib.route(MgmFixture.ip("10.209.0.0"), 16, InterfaceKey.of(209), 0);
            r.handle().takeInterface(InterfaceKey.of(209));
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan1", "lan2"}, "version", 2));
            Await.until("IGMP on lan1, lan2", () -> List.of(201, 202).equals(interfacesOf(f.mgm, IGMP)));
            io.deliver("lan1", FakePacketIo.igmpV2Report("198.18.1.10", "239.1.2.4"));
            io.deliver("lan2", FakePacketIo.igmpV2Report("198.18.2.10", "239.1.2.5"));
            Await.until("two IGMP memberships", () -> f.membershipsOf(10).size() == 2);
            f.packet("10.209.1.1", "239.1.2.4", 209);
            assertEquals("IGMP's interface is an oif of the MFE", "[if201]", f.oifs("10.209.1.1", "239.1.2.4"));
            r.clear();

            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan2", "lan3"}, "version", 2));
            Await.until("IGMP moved to lan2, lan3", () -> List.of(202, 203).equals(interfacesOf(f.mgm, IGMP)));
            assertNull("lan1 is no longer known to the MGM", f.owner(201));
            assertFalse("no membership on lan1 any more", f.membershipsOf(10).stream().anyMatch(m -> m.endsWith("@if201")));
            assertEquals("the MFE lost its only oif", "[]", f.oifs("10.209.1.1", "239.1.2.4"));
            Await.until("the iif owner got the FALSE prune, everyone the TRUE prune", () -> r.alerts().containsAll(List.of(
                    "prune (*, 239.1.2.4) member=true", "prune (10.209.1.1, 239.1.2.4) if209 member=false")));

            // A host on lan3 (new) reports: the MGM learns it; the negative MFE for another group is untouched.
            io.deliver("lan3", FakePacketIo.igmpV2Report("198.18.3.10", "239.1.2.4"));
            Await.until("the membership on lan3 appears", () -> f.membershipsOf(10).contains("(*, 239.1.2.4)@if203"));
            assertEquals("and the MFE forwards to lan3 now", "[if203]", f.oifs("10.209.1.1", "239.1.2.4"));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
        }
    }

    /**
     * A .cfg file read by FileInstall hands a list over as one string: {@code interfaces = [ "lan1", "lan2" ]}
     * arrives as the text {@code [ "lan1", "lan2" ]}, {@code interfaces = lan1,lan2} as {@code lan1,lan2}. The
     * data plane, PIM and DVMRP accept both; so must IGMP (an early protocol-igmp took the whole text for
     * one interface name, seen with the launcher's distribution).
     */
    @Test
    public void igmpAcceptsTheListFormsOfAConfigurationFile() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.igmp");
        MgmService mgm = osgi.service(MgmService.class);
        try {
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", "[ \"lan1\", \"lan2\" ]"));
            awaitOrDiagnose(osgi, "IGMP on lan1 and lan2 from the bracketed text", () -> List.of(201, 202).equals(interfacesOf(mgm, IGMP)));
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", "lan2,lan3"));
            awaitOrDiagnose(osgi, "IGMP on lan2 and lan3 from the comma-separated text", () -> List.of(202, 203).equals(interfacesOf(mgm, IGMP)));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
        }
    }

    @Test
    public void pimTakesItsConfiguredInterfacesSendsHellosAndFollowsAConfigurationChange() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.pim");
        MgmService mgm = osgi.service(MgmService.class);
        try {
            osgi.configure("org.openmgm.pim", Osgi.props("interfaces", new String[] {"pim1", "pim2"}, "rpAddress", "198.18.11.2", "rawSocket", "false"));
            awaitOrDiagnose(osgi, "PIM owns pim1 and pim2", () -> List.of(211, 212).equals(interfacesOf(mgm, PIM)));
            Await.until("PIM sent hellos on pim1", () -> io.sent(211, 103).stream().anyMatch(s -> s.destination() == MgmFixture.ip("224.0.0.13")));
            if (osgi.hasCommand("pim", "interfaces")) {
                JsonNode j = Json.parse(osgi.gogo("pim:interfaces -j").text());
                assertTrue("pim:interfaces -j lists pim1: " + j,
                        Json.hasObject(j, Map.of("interface", "pim1")) || Json.hasObject(j, Map.of("interfaceName", "pim1")));
                String rp = osgi.gogo("pim:rp -j").text();
                assertTrue("pim:rp shows the configured RP: " + rp, rp.contains("198.18.11.2"));
                io.deliver("pim1", FakePacketIo.pimHello("198.18.11.2"));
                Await.until("pim:neighbors -j shows the neighbour that sent a hello", Await.DEFAULT, () -> {
                    JsonNode n = Json.parse(gogoText(osgi, "pim:neighbors -j"));
                    return Json.hasObject(n, Map.of("neighbor", "198.18.11.2"));
                }, () -> gogoText(osgi, "pim:neighbors -j"));
            }
            osgi.configure("org.openmgm.pim", Osgi.props("interfaces", new String[] {"pim2"}, "rpAddress", "198.18.11.2", "rawSocket", "false"));
            Await.until("PIM only on pim2", () -> List.of(212).equals(interfacesOf(mgm, PIM)));
            assertNull(owner(mgm, 211));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.pim");
        }
        Await.until("PIM deregistered without configuration", () -> interfacesOf(mgm, PIM) == null);
    }

    @Test
    public void dvmrpTakesItsConfiguredInterfacesSendsProbesAndFollowsAConfigurationChange() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.dvmrp");
        MgmService mgm = osgi.service(MgmService.class);
        try {
            osgi.configure("org.openmgm.dvmrp", Osgi.props("interfaces", new String[] {"dv1", "dv2"}));
            awaitOrDiagnose(osgi, "DVMRP owns dv1 and dv2", () -> List.of(221, 222).equals(interfacesOf(mgm, DVMRP)));
            Await.until("DVMRP sent a probe on dv1 (IGMP type 0x13 to 224.0.0.4)", () -> io.sent(221, 2).stream()
                    .anyMatch(s -> s.destination() == MgmFixture.ip("224.0.0.4")));
            if (osgi.hasCommand("dvmrp", "neighbors")) {
                String n = osgi.gogo("dvmrp:neighbors -j").text();
                Json.parse(n); // valid JSON (no neighbour yet)
                io.deliver("dv1", FakePacketIo.dvmrpProbe("198.18.21.2", "198.18.21.1"));
                Await.until("dvmrp:neighbors -j shows the neighbour that probed (and heard us: two-way)", Await.DEFAULT, () -> {
                    JsonNode j = Json.parse(gogoText(osgi, "dvmrp:neighbors -j"));
                    return Json.hasObject(j, Map.of("neighbor", "198.18.21.2", "interface", "dv1"));
                }, () -> gogoText(osgi, "dvmrp:neighbors -j") + gogoText(osgi, "dvmrp:stats"));
                String routes = osgi.gogo("dvmrp:routes -j").text();
                assertTrue("dvmrp:routes -j holds the directly connected subnets: " + routes, routes.contains("198.18.21.0"));
            }
            osgi.configure("org.openmgm.dvmrp", Osgi.props("interfaces", new String[] {"dv2"}));
            Await.until("DVMRP only on dv2", () -> List.of(222).equals(interfacesOf(mgm, DVMRP)));
            assertNull(owner(mgm, 221));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.dvmrp");
        }
        Await.until("DVMRP deregistered without configuration", () -> interfacesOf(mgm, DVMRP) == null);
    }

    @Test
    public void allThreeProtocolsRunSideBySideAndMgmCommandsShowThem() throws Exception {
        Osgi osgi = osgi();
        assumeBundle(osgi, "org.openmgm.igmp");
        assumeBundle(osgi, "org.openmgm.pim");
        assumeBundle(osgi, "org.openmgm.dvmrp");
        MgmService mgm = osgi.service(MgmService.class);
        try {
            osgi.configure("org.openmgm.igmp", Osgi.props("interfaces", new String[] {"lan1", "lan2"}, "version", 2));
            osgi.configure("org.openmgm.pim", Osgi.props("interfaces", new String[] {"pim1"}, "rpAddress", "198.18.11.2", "rawSocket", "false"));
            osgi.configure("org.openmgm.dvmrp", Osgi.props("interfaces", new String[] {"dv1"}));
            Await.until("all three registered with their interfaces", () -> List.of(201, 202).equals(interfacesOf(mgm, IGMP))
                    && List.of(211).equals(interfacesOf(mgm, PIM)) && List.of(221).equals(interfacesOf(mgm, DVMRP)));
            assumeTrue("mgm:* commands present", osgi.hasCommand("mgm", "protocols"));
            JsonNode p = Json.parse(osgi.gogo("mgm:protocols -j").text());
            for (String id : List.of("10", "103", "17")) assertTrue(id + " in " + p, Json.hasObject(p, Map.of("protocolId", id)));
            JsonNode i = Json.parse(osgi.gogo("mgm:interfaces -j").text());
            for (String ix : List.of("201", "202", "211", "221")) assertTrue(ix + " in " + i, Json.hasObject(i, Map.of("ifIndex", ix)));
            String text = osgi.gogo("mgm:protocols").text();
            assertTrue(text, text.contains("pim1") && text.contains("lan2") && text.contains("dv1"));
        } finally {
            ProtocolConfigs.reset(osgi, "org.openmgm.igmp");
            ProtocolConfigs.reset(osgi, "org.openmgm.pim");
            ProtocolConfigs.reset(osgi, "org.openmgm.dvmrp");
        }
    }

    static String gogoText(Osgi osgi, String cmd) {
        try {
            return osgi.gogo(cmd).text();
        } catch (Exception e) {
            return cmd + ": " + e;
        }
    }

    /** Await.until, and on time-out the bundle and DS component states in the message. */
    static void awaitOrDiagnose(Osgi osgi, String what, java.util.function.BooleanSupplier c) {
        Await.until(what, Await.DEFAULT, c, () -> "bundles: " + osgi.bundleStates() + "\ncomponents:\n" + osgi.componentStates("org.openmgm")
                + "\nMGM protocols: " + osgi.service(MgmService.class).protocols() + "\nthreads:\n" + Osgi.threadDump());
    }
}
