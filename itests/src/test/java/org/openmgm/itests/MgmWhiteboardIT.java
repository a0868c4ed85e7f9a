package org.openmgm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.util.List;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmProtocol;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.ProtocolView;
import org.openmgm.itests.support.Await;
import org.openmgm.itests.support.OpenMgmOptions;
import org.openmgm.itests.support.Osgi;
import org.openmgm.itests.support.RecordingProtocol;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The MGM component in a real framework: MgmService, the protocol whiteboard, the core configuration. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MgmWhiteboardIT {

    @Inject
    BundleContext bc;

    @Configuration
    public Option[] config() {
        return options(OpenMgmOptions.base());
    }

    @Test
    public void mgmCoreBundleIsActiveAndPublishesMgmService() {
        Osgi osgi = new Osgi(bc);
        Bundle core = osgi.bundle("org.openmgm.core").orElseThrow();
        assertEquals(osgi.bundleStates(), Bundle.ACTIVE, core.getState());
        MgmService mgm = osgi.service(MgmService.class);
        assertNotNull(mgm);
        assertEquals("a fresh MGM has no MFEs", 0, mgm.mfeCount());
        assertTrue("the MGM service comes from mgm-core", bc.getServiceReference(MgmService.class).getBundle().equals(core));
    }

    @Test
    public void whiteboardProtocolIsRegisteredGetsItsHandleAndIsCleanedUpWhenItLeaves() {
        Osgi osgi = new Osgi(bc);
        MgmService mgm = osgi.service(MgmService.class);
        RecordingProtocol p = new RecordingProtocol();
        ServiceRegistration<MgmProtocol> reg = bc.registerService(MgmProtocol.class, p,
                Osgi.dict(MgmProtocol.PROTOCOL_ID, 4001, MgmProtocol.COMPONENT_ID, 1, "component.name", "recorder"));
        try {
            var h = p.awaitHandle();
            assertEquals(new ProtocolId(4001, 1), h.id());
            ProtocolView view = mgm.protocols().stream().filter(v -> v.id().equals(h.id())).findFirst().orElseThrow();
            assertEquals("recorder", view.name());

            InterfaceKey if7 = InterfaceKey.of(7);
            h.takeInterface(if7);
            h.addMembership(MembershipKey.anySource(0xEF010101), if7, MgmConstants.MGM_JOIN_STATE_FLAG);
            assertEquals(h.id(), mgm.protocolOnInterface(if7));
            assertEquals(1, mgm.memberships().size());
        } finally {
            reg.unregister();
        }
        Await.until("the departed protocol is deregistered", () -> mgm.protocols().stream().noneMatch(v -> v.id().protocolId() == 4001));
        assertTrue("its memberships are gone", mgm.memberships().isEmpty());
        try {
            mgm.protocolOnInterface(InterfaceKey.of(7));
            fail("interface 7 should be unknown after its only owner left");
        } catch (MgmException e) {
            assertEquals(MgmError.NOT_FOUND, e.error());
        }
    }

    @Test
    public void protocolWithDuplicateIdsIsRefusedAndTheFirstKeepsWorking() {
        Osgi osgi = new Osgi(bc);
        MgmService mgm = osgi.service(MgmService.class);
        RecordingProtocol first = new RecordingProtocol();
        RecordingProtocol second = new RecordingProtocol();
        var r1 = bc.registerService(MgmProtocol.class, first, Osgi.dict(MgmProtocol.PROTOCOL_ID, 4002, MgmProtocol.COMPONENT_ID, 1));
        var r2 = bc.registerService(MgmProtocol.class, second, Osgi.dict(MgmProtocol.PROTOCOL_ID, 4002, MgmProtocol.COMPONENT_ID, 1));
        try {
            first.awaitHandle();
            Await.sleep(300);
            assertEquals("the duplicate (protocol id, component id) is not registered", null, second.handle());
            List<ProtocolView> mine = mgm.protocols().stream().filter(v -> v.id().protocolId() == 4002).toList();
            assertEquals(1, mine.size());
        } finally {
            r2.unregister();
            r1.unregister();
        }
        Await.until("4002 deregistered", () -> mgm.protocols().stream().noneMatch(v -> v.id().protocolId() == 4002));
    }

    @Test
    public void protocolServiceWithoutIdsIsIgnored() {
        Osgi osgi = new Osgi(bc);
        MgmService mgm = osgi.service(MgmService.class);
        int before = mgm.protocols().size();
        RecordingProtocol p = new RecordingProtocol();
        var reg = bc.registerService(MgmProtocol.class, p, Osgi.dict("component.name", "no-ids"));
        try {
            Await.sleep(300);
            assertEquals(before, mgm.protocols().size());
            assertFalse(p.events().stream().anyMatch(e -> e.startsWith("registered")));
        } finally {
            reg.unregister();
        }
    }
}
