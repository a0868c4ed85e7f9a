package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.MgmFixture;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.RecordingProtocol;
import org.openmgm.itests.support.TestBundles;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * Hot deploy and undeploy of a protocol bundle (one the test builds with TinyBundles, holding
 * interfaces, (*,G) memberships, the iif of one MFE and oifs in two others). Stopping, updating and
 * uninstalling it must remove all its state with the alerts of MGM-SPEC §4.4/§6.5/§6.6/§6.9, observed
 * by a recording protocol; starting it again must restore the state with the matching join alerts.
 *
 * <p>Topology per scenario (base b): recorder R owns if b+1 (RPF interface towards 10.1/16) and if b+4
 * with (*,239.2.2.2); the bundle S owns if b+2 (towards 10.2/16) and if b+3 with (*,239.1.1.1) and
 * (*,239.2.2.2). MFEs: A=(10.1.1.1,239.1.1.1) iif R oifs {b+3}; B=(10.2.2.2,239.2.2.2) iif S oifs
 * {b+3,b+4}; C=(10.1.1.1,239.2.2.2) iif R oifs {b+3,b+4}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotDeployIT {
    static final int R_ID = 1001;

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        TestBundles.scripted("hot-stop", 2001, 1, script(10));
        TestBundles.scripted("hot-update", 2002, 1, script(20));
        TestBundles.scripted("hot-update-v2", 2002, 1, "take 22; take 23; join * 239.3.3.3 23");
        TestBundles.scripted("hot-uninstall", 2003, 1, script(30));
        return options(OpenMgmOptions.base());
    }

    static String script(int b) {
        return "take " + (b + 2) + "; take " + (b + 3) + "; join * 239.1.1.1 " + (b + 3) + "; join * 239.2.2.2 " + (b + 3);
    }

    /** The scenario's fixture: recorder, routes, the bundle installed and started, three MFEs. */
    final class Scenario implements AutoCloseable {
        final int b;
        final int sId;
        final MgmFixture f;
        final RecordingProtocol r;
        final Bundle bundle;

        Scenario(int base, int sId, String jar) throws Exception {
            this.b = base;
            this.sId = sId;
            f = new MgmFixture(new Osgi(bc));
            f.rib.route(MgmFixture.ip("10.1.0.0"), 16, InterfaceKey.of(b + 1), 0);
            f.rib.route(MgmFixture.ip("10.2.0.0"), 16, InterfaceKey.of(b + 2), 0);
            r = f.recorder(R_ID + base, 1);
            ProtocolHandle h = r.handle();
            h.takeInterface(InterfaceKey.of(b + 1));
            h.takeInterface(InterfaceKey.of(b + 4));
            h.addMembership(MembershipKey.anySource(MgmFixture.ip("239.2.2.2")), InterfaceKey.of(b + 4), MgmConstants.MGM_JOIN_STATE_FLAG);
            bundle = bc.installBundle(TestBundles.path(jar).toUri().toString());
            bundle.start();
            awaitBundleState(2);
            f.packet("10.1.1.1", "239.1.1.1", b + 1);
            f.packet("10.2.2.2", "239.2.2.2", b + 2);
            f.packet("10.1.1.1", "239.2.2.2", b + 1);
            assertEquals("[if" + (b + 3) + "]", f.oifs("10.1.1.1", "239.1.1.1"));
            assertEquals("[if" + (b + 3) + ", if" + (b + 4) + "]", f.oifs("10.2.2.2", "239.2.2.2"));
            assertEquals("[if" + (b + 3) + ", if" + (b + 4) + "]", f.oifs("10.1.1.1", "239.2.2.2"));
            assertEquals(new ProtocolId(sId, 1), f.mfeOrNull(MgmFixture.sg("10.2.2.2", "239.2.2.2")).incomingOwner());
        }

        void awaitBundleState(int memberships) {
            f.awaitRegistered(sId, Duration.ofSeconds(10));
            Await.until("bundle protocol " + sId + " holds " + memberships + " memberships",
                    () -> f.membershipsOf(sId).size() == memberships);
        }

        /** Everything S held is gone, and R received exactly the spec's alerts. */
        void assertDepartureCleanedUp() {
            f.awaitGone(sId);
            assertNull("if b+2 has no owner", f.owner(b + 2));
            assertNull("if b+3 has no owner", f.owner(b + 3));
            assertTrue("no membership of the departed protocol", f.membershipsOf(sId).isEmpty());
            assertEquals("the MFE whose iif it owned is deleted", "absent", f.oifs("10.2.2.2", "239.2.2.2"));
            assertNull("... and removed from the forwarder", f.forwarder.entry(MgmFixture.sg("10.2.2.2", "239.2.2.2")));
            assertEquals("its oif is removed; the MFE becomes negative", "[]", f.oifs("10.1.1.1", "239.1.1.1"));
            assertTrue(f.forwarder.entry(MgmFixture.sg("10.1.1.1", "239.1.1.1")).outgoing().isEmpty());
            assertEquals("its oif is removed; R's stays", "[if" + (b + 4) + "]", f.oifs("10.1.1.1", "239.2.2.2"));
            assertEquals(List.of(InterfaceKey.of(b + 4)), f.forwarder.entry(MgmFixture.sg("10.1.1.1", "239.2.2.2")).outgoing());
            assertEquals("R keeps its own membership", List.of("(*, 239.2.2.2)@if" + (b + 4)), f.membershipsOf(R_ID + b));
            Set<String> expected = Set.of(
                    "prune (*, 239.1.1.1) member=true",   // S was the last (*,239.1.1.1) holder: all others are told
                    "prune (*, 239.2.2.2) member=true",   // 2 -> 1 holders: the remaining one (R) is told
                    "prune (10.1.1.1, 239.1.1.1) if" + (b + 1) + " member=false"); // S's oif was A's last: iif owner R
            assertEquals(r.alerts().toString(), expected, new TreeSet<>(r.alerts()));
            assertEquals("no duplicate alerts: " + r.alerts(), 3, r.alerts().size());
        }

        /** S is back with the same state, and R got the mirror-image join alerts. */
        void assertRestored() {
            awaitBundleState(2);
            assertEquals(new ProtocolId(sId, 1), f.owner(b + 2));
            assertEquals(new ProtocolId(sId, 1), f.owner(b + 3));
            assertEquals("[if" + (b + 3) + "]", f.oifs("10.1.1.1", "239.1.1.1"));
            assertEquals("[if" + (b + 3) + ", if" + (b + 4) + "]", f.oifs("10.1.1.1", "239.2.2.2"));
            f.packet("10.2.2.2", "239.2.2.2", b + 2);
            assertEquals("the next packet re-creates the MFE", "[if" + (b + 3) + ", if" + (b + 4) + "]", f.oifs("10.2.2.2", "239.2.2.2"));
            Await.until("R received the join alerts", () -> r.alerts().size() >= 3);
            Set<String> expected = Set.of(
                    "join (*, 239.1.1.1) member=true",
                    "join (*, 239.2.2.2) member=true",
                    "join (10.1.1.1, 239.1.1.1) member=false");
            assertEquals(r.alerts().toString(), expected, new TreeSet<>(r.alerts()));
        }

        @Override
        public void close() throws Exception {
            try {
                if (bundle.getState() != Bundle.UNINSTALLED) bundle.uninstall();
            } finally {
                f.close();
                Await.until("scenario protocols gone", () -> !f.registered(sId) && !f.registered(R_ID + b));
            }
        }
    }

    @Test
    public void stoppingAProtocolBundleRemovesAllItsStateAndStartingItRestoresIt() throws Exception {
        try (Scenario s = new Scenario(10, 2001, "hot-stop")) {
            s.r.clear();
            s.bundle.stop();
            s.assertDepartureCleanedUp();

            s.r.clear();
            s.bundle.start();
            s.assertRestored();
        }
    }

    @Test
    public void uninstallingAProtocolBundleRemovesAllItsStateAndInstallingItAgainRestoresIt() throws Exception {
        try (Scenario s = new Scenario(30, 2003, "hot-uninstall")) {
            s.r.clear();
            s.bundle.uninstall();
            s.assertDepartureCleanedUp();

            s.r.clear();
            Bundle again = bc.installBundle(TestBundles.path("hot-uninstall").toUri().toString() + "?again");
            try {
                again.start();
                s.assertRestored();
            } finally {
                again.uninstall();
            }
        }
    }

    @Test
    public void updatingAProtocolBundleReplacesItsStateWithTheNewVersions() throws Exception {
        try (Scenario s = new Scenario(20, 2002, "hot-update")) {
            s.r.clear();
            // Same bundle, same content: a full departure then arrival (update = stop, replace, start).
            s.bundle.update();
            s.awaitBundleState(2);
            List<String> a = s.r.alerts();
            assertTrue("departure alerts then arrival alerts: " + a,
                    a.containsAll(List.of("prune (*, 239.1.1.1) member=true", "prune (*, 239.2.2.2) member=true",
                            "prune (10.1.1.1, 239.1.1.1) if21 member=false",
                            "join (*, 239.1.1.1) member=true", "join (*, 239.2.2.2) member=true",
                            "join (10.1.1.1, 239.1.1.1) member=false")));
            assertEquals("[if23]", s.f.oifs("10.1.1.1", "239.1.1.1"));
            assertEquals("absent", s.f.oifs("10.2.2.2", "239.2.2.2"));

            // A new version with a different script: the old memberships go, the new one arrives.
            s.r.clear();
            try (InputStream in = Files.newInputStream(TestBundles.path("hot-update-v2"))) {
                s.bundle.update(in);
            }
            Await.until("v2 holds (*,239.3.3.3)", () -> s.f.membershipsOf(2002).equals(List.of("(*, 239.3.3.3)@if23")));
            assertEquals("[]", s.f.oifs("10.1.1.1", "239.1.1.1"));
            assertEquals("[if24]", s.f.oifs("10.1.1.1", "239.2.2.2"));
            List<String> b = s.r.alerts();
            assertTrue(b.toString(), b.contains("prune (*, 239.1.1.1) member=true"));
            assertTrue(b.toString(), b.contains("prune (*, 239.2.2.2) member=true"));
            assertTrue(b.toString(), b.contains("join (*, 239.3.3.3) member=true"));
            assertFalse("v2 no longer wants 239.1.1.1: " + b, b.contains("join (*, 239.1.1.1) member=true"));
        }
    }
}
