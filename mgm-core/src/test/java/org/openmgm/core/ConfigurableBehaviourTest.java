package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmError;
import org.openmgm.core.RecordingProtocol.Candidate;
import org.openmgm.core.RecordingProtocol.Creation;
import org.openmgm.core.RecordingProtocol.WrongIf;

/** The spec's configurable [INF] choices (MgmConfig), each in its non-default setting. */
class ConfigurableBehaviourTest {

    static MgmConfig config(boolean attributeToOwner, boolean strictForwardState, boolean strictSetMfe, boolean refreshOnTraffic) {
        MgmConfig d = MgmConfig.defaults();
        return new MgmConfig(d.wrongInterfaceMode(), d.wrongInterfaceIntervalMillis(), d.defaultMfeTimeoutSeconds(), d.igmpProtocolId(),
                attributeToOwner, strictForwardState, strictSetMfe, refreshOnTraffic, d.maxMfes(), d.maxGroupsPerInterface(),
                d.sweepIntervalMillis(), d.creationAlerts());
    }

    /** §6.6.1 alternative reading: a membership counts for the client that added it. */
    @Nested
    class CountTheCallingClient extends MgmFixture {
        @Override
        MgmConfig config() {
            return ConfigurableBehaviourTest.config(false, false, false, false);
        }

        @Test
        void igmpOnAnOwnedInterfaceCountsAsItself() {
            own(hA, IF1);
            own(hI, IF1);
            join(hA, STAR_G, IF1);
            clearCalls();
            join(hI, STAR_G, IF1);
            assertEquals(List.of("A:" + STAR_G), allJoins(true), "IGMP is the second client, A the first");
            assertEquals(IGMP_ID, engine.memberships().stream().filter(m -> m.holder().equals(IGMP_ID)).findFirst().orElseThrow().attributedTo());
            clearCalls();
            leave(hI, STAR_G, IF1);
            assertEquals(List.of("A:" + STAR_G + "@" + IF1), allPrunes(true), "back to one client: A is told");
        }
    }

    /** §4.6 strict mode: FORWARD_STATE on a missing MFE is NOT_FOUND. */
    @Nested
    class StrictForwardState extends MgmFixture {
        @Override
        MgmConfig config() {
            return ConfigurableBehaviourTest.config(true, true, false, false);
        }

        @Test
        void forwardStateOnAMissingMfeFailsWithNotFound() {
            own(hA, IF1);
            assertError(MgmError.NOT_FOUND, () -> hA.addMembership(S_G, IF1, FWD));
            assertError(MgmError.NOT_FOUND, () -> hA.deleteMembership(S_G, IF1, FWD));
        }
    }

    @Nested
    class LenientForwardState extends MgmFixture {
        @Test
        void forwardStateOnAMissingMfeDoesNothing() {
            own(hA, IF1);
            clearCalls();
            hA.addMembership(S_G, IF1, FWD);
            hA.deleteMembership(S_G, IF1, FWD);
            assertEquals(0, engine.mfeCount());
            assertTrue(engine.memberships().isEmpty());
            assertEquals(0, totalCalls());
        }
    }

    /** §4.14 strict mode: only the iif owner may set the upstream neighbour. */
    @Nested
    class StrictSetMfe extends MgmFixture {
        @Override
        MgmConfig config() {
            return ConfigurableBehaviourTest.config(true, false, true, false);
        }

        @Test
        void onlyTheIncomingOwnerMaySetTheUpstreamNeighbour() {
            own(hC, IF3);
            data(S, G, IF3);
            assertError(MgmError.INVALID_PARAMETER, () -> hA.setMfeUpstreamNeighbor(SG, 0x0A090909));
            assertEquals(ROUTE_NBR, engine.mfe(SG).upstreamNeighbor());
            hC.setMfeUpstreamNeighbor(SG, 0x0A090909);
            assertEquals(0x0A090909, engine.mfe(SG).upstreamNeighbor());
        }
    }

    /** §6.12: with refresh on, traffic keeps a positive MFE alive past its lifetime. */
    @Nested
    class RefreshOnTraffic extends MgmFixture {
        @Override
        MgmConfig config() {
            return ConfigurableBehaviourTest.config(true, false, false, true);
        }

        @Test
        void aPositiveMfeWithTrafficOutlivesItsLifetimeAndExpiresWhenTrafficStops() {
            own(hC, IF3);
            own(hA, IF1);
            join(hA, STAR_G, IF1);
            data(S, G, IF3);
            for (int t = 0; t < 20; t++) {
                scheduler.advanceSeconds(100);
                data(S, G, IF3);
            }
            assertTrue(mfeExists(SG), "2000 s of traffic, still there");
            scheduler.advanceSeconds(MgmConstants.DEFAULT_MFE_TIMEOUT_SECONDS + 5);
            assertFalse(mfeExists(SG), "gone once traffic stopped for a lifetime");
        }
    }

    @Nested
    class NoRefreshByDefault extends MgmFixture {
        @Test
        void trafficDoesNotExtendAPositiveMfe() {
            own(hC, IF3);
            own(hA, IF1);
            join(hA, STAR_G, IF1);
            data(S, G, IF3);
            for (int t = 0; t < 9; t++) {
                scheduler.advanceSeconds(100);
                data(S, G, IF3);
            }
            scheduler.advanceSeconds(5);
            // 905 s after creation: the packets above re-created it at most once, right after the expiry
            assertTrue(engine.mfe(SG).upTimeSeconds() < 900, "lifetime was not extended by traffic");
        }
    }

    /** Limits: NOT_ENOUGH_MEMORY beyond the membership limit; no MFE beyond the MFE limit. */
    @Nested
    class Limits extends MgmFixture {
        @Override
        MgmConfig config() {
            return MgmConfig.defaults().withLimits(1, 1);
        }

        @Test
        void addsBeyondTheInterfaceLimitFailAndChangeNothing() {
            own(hA, IF1);
            join(hA, STAR_G, IF1);
            State before = state();
            clearCalls();
            assertError(MgmError.NOT_ENOUGH_MEMORY, () -> join(hA, STAR_G2, IF1));
            assertEquals(before, state());
            assertEquals(0, totalCalls());
            join(hA, STAR_G, IF1); // the same key again is not a new one
        }

        @Test
        void dataBeyondTheMfeLimitCreatesNoMfe() {
            own(hC, IF3);
            data(S, G, IF3);
            data(S, G2, IF3);
            assertEquals(1, engine.mfeCount());
            assertTrue(mfeExists(SG));
            assertEquals(1, fwd.size());
        }
    }

    /** §6.10 RFC mode over several seconds: at most one callback per (S,G,interface) per interval, and again later. */
    @Nested
    class WrongInterfaceRate extends MgmFixture {
        @Override
        MgmConfig config() {
            return MgmConfig.defaults().withWrongInterfaceMode(MgmConfig.WrongInterfaceMode.RFC);
        }

        @Test
        void oneCallbackPerSecondPerFlowAndInterface() {
            own(hC, IF3);
            own(hA, IF1, IF4);
            data(S, G, IF3);
            data(S2, G, IF3);
            for (int n = 0; n < 30; n++) {
                data(S, G, IF1);
                data(S, G, IF4);
                data(S2, G, IF1);
                scheduler.advance(Duration.ofMillis(100));
            }
            for (var k : List.of(new WrongIf(S, G, IF1), new WrongIf(S, G, IF4), new WrongIf(S2, G, IF1))) {
                long n = a.calls(WrongIf.class).stream().filter(k::equals).count();
                assertTrue(n >= 2 && n <= 3, k + " delivered " + n + " times in 3 s");
            }
            assertEquals(Set.of(), Set.copyOf(c.calls(WrongIf.class)));
        }
    }

    /** D15, RFC 2715 rule 3: with creationAlerts = ALL every registered protocol hears of a new MFE. */
    @Nested
    class CreationAlertsToAll extends MgmFixture {
        @Override
        MgmConfig config() {
            return MgmConfig.defaults().withCreationAlerts(MgmConfig.CreationAlerts.ALL);
        }

        @Test
        void everyProtocolGetsOneCreationAlertAndOnlyOwnersGetCandidates() {
            own(hC, IF3);
            own(hA, IF1);
            own(hB, IF2);
            join(hA, STAR_G, IF1);
            clearCalls();
            data(S, G, IF3);
            assertEquals(List.of(new Creation(SG, IF3, List.of(new Candidate(IF1, false, true)))), a.calls(Creation.class));
            assertEquals(List.of(new Creation(SG, IF3, List.of())), b.calls(Creation.class), "B owns no candidate");
            assertEquals(List.of(new Creation(SG, IF3, List.of())), c.calls(Creation.class), "the iif owner too");
            assertEquals(List.of(new Creation(SG, IF3, List.of())), igmp.calls(Creation.class));
            assertEquals(Set.of(IF1), oifs(SG), "the empty alerts change no oif");
        }

        @Test
        void theSettingIsReadCaseInsensitivelyAndABadValueIsNamed() {
            assertEquals(MgmConfig.CreationAlerts.ALL, MgmSettingsReader.toConfig(Map.of("creationAlerts", "all")).creationAlerts());
            assertEquals(MgmConfig.CreationAlerts.OWNERS, MgmSettingsReader.toConfig(Map.of()).creationAlerts());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MgmSettingsReader.toConfig(Map.of("creationAlerts", "some")));
            assertTrue(e.getMessage().startsWith("creationAlerts:") && e.getMessage().contains("some"), e.getMessage());
        }
    }
}
