package org.openmgm.igmp.router;

import static org.junit.jupiter.api.Assertions.*;
import static org.openmgm.igmp.packet.RecordType.*;
import static org.openmgm.igmp.router.RouterHarness.*;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.openmgm.api.Ipv4;
import org.openmgm.igmp.packet.DropReason;
import org.openmgm.igmp.packet.IgmpMessage;

/** The router side of RFC 3376 (§6, §7.3) with RFC 2236 / RFC 1112 compatibility, on a manual clock. */
class IgmpRouterTest {
    RouterHarness h;

    @BeforeEach
    void setUp() {
        h = new RouterHarness().withInterface(2, IgmpParameters.defaults());
        h.out.clear();
    }

    private static String g(int group) {
        return Ipv4.format(group);
    }

    @Nested
    class Querier {
        @Test
        void startsAsQuerierWithStartupQueriesThenEveryQueryInterval() {
            RouterHarness fresh = new RouterHarness().withInterface(2, IgmpParameters.defaults());
            assertEquals(1, fresh.out.queries().size(), "a general query at once");
            IgmpMessage.Query q = fresh.out.queries().get(0);
            assertEquals(3, q.version());
            assertTrue(q.general());
            assertEquals(100, q.maxRespDeciseconds());
            assertEquals(2, q.qrv());
            assertEquals(125, q.queryIntervalSeconds());
            fresh.advance(31.25); // Startup Query Interval = Query Interval / 4
            assertEquals(2, fresh.out.queries().size());
            fresh.advance(124);
            assertEquals(2, fresh.out.queries().size(), "after the startup queries, every 125 s");
            fresh.advance(1);
            assertEquals(3, fresh.out.queries().size());
            assertTrue(fresh.router.isQuerier(2));
        }

        @Test
        void aLowerAddressQuerierSilencesUsUntilTheOtherQuerierPresentIntervalRunsOut() {
            h.router.receive(2, query(Ipv4.parse("198.18.2.0"), 3, 0));
            assertFalse(h.router.isQuerier(2));
            h.advance(254); // Other Querier Present Interval = 2*125 + 10/2 = 255 s
            assertTrue(h.out.queries().isEmpty(), "a non-querier sends no queries");
            h.advance(1);
            assertTrue(h.router.isQuerier(2));
            assertEquals(1, h.out.queries().size(), "querying again at once when the other querier is gone");
        }

        @Test
        void queriesFromTheLowerQuerierKeepUsSilent() {
            int other = Ipv4.parse("198.18.2.0");
            for (int i = 0; i < 5; i++) {
                h.router.receive(2, query(other, 2, 0));
                h.advance(125);
            }
            assertFalse(h.router.isQuerier(2));
            assertTrue(h.out.queries().isEmpty());
        }

        @Test
        void aHigherAddressQuerierDoesNotWinTheElection() {
            h.router.receive(2, query(Ipv4.parse("198.18.2.9"), 3, 0));
            assertTrue(h.router.isQuerier(2));
        }

        @Test
        void aSnoopingSwitchQueryFromZeroTakesNoPartInTheElection() {
            h.router.receive(2, query(0, 2, 0));
            assertTrue(h.router.isQuerier(2));
        }

        @Test
        void aNonQuerierAdoptsTheQueriersRobustnessAndInterval() {
            h.router.receive(2, new IgmpMessage.Query(Ipv4.parse("198.18.2.0"), 0xE0000001, 3, 100, 100, 0, false, 3, 60, 60, List.of()));
            var info = h.router.interfaces().get(0);
            assertEquals(3, info.robustness());
            assertEquals(60, info.queryIntervalSeconds());
            assertEquals(3 * 60 + 10, info.groupMembershipIntervalSeconds(), 0.001);
        }

        @Test
        void aNonQuerierLowersTheGroupTimerWhenTheQuerierAsksForTheGroup() {
            int other = Ipv4.parse("198.18.2.0");
            h.router.receive(2, query(other, 3, 0));
            h.report(MODE_IS_EXCLUDE, G);
            h.out.clear();
            h.router.receive(2, new IgmpMessage.Query(other, G, 3, 10, 10, G, false, 2, 125, 125, List.of()));
            h.advance(2); // LMQT on a non-querier = LMQC * the query's Max Resp Time = 2 * 1 s
            assertEquals(List.of("-if2 (*, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void queryWithSuppressFlagDoesNotLowerTimers() {
            int other = Ipv4.parse("198.18.2.0");
            h.router.receive(2, query(other, 3, 0));
            h.report(MODE_IS_EXCLUDE, G);
            h.out.clear();
            h.router.receive(2, new IgmpMessage.Query(other, G, 3, 10, 10, G, true, 2, 125, 125, List.of()));
            h.advance(10);
            assertTrue(h.out.mgm.isEmpty());
        }
    }

    static IgmpMessage.Query query(int source, int version, int group) {
        return new IgmpMessage.Query(source, group == 0 ? 0xE0000001 : group, version, version == 1 ? 0 : 100, 100, group, false,
                version == 3 ? 2 : 0, version == 3 ? 125 : 0, version == 3 ? 125 : 0, List.of());
    }

    @Nested
    class AnySourceMembership {
        @Test
        void v2ReportAddsStarGAndItExpiresAfterTheGroupMembershipInterval() {
            h.oldReport(2, G);
            assertEquals(List.of("+if2 (*, 239.1.1.1)"), h.out.mgm);
            h.advance(259);
            assertEquals(1, h.out.mgm.size());
            h.advance(1); // GMI = 2*125 + 10 = 260 s
            assertEquals(List.of("+if2 (*, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void repeatedReportsKeepTheMembershipWithoutMoreMgmCalls() {
            for (int i = 0; i < 10; i++) {
                h.report(MODE_IS_EXCLUDE, G);
                h.advance(125);
            }
            assertEquals(List.of("+if2 (*, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void v2LeaveSendsLastMemberQueriesAndRemovesTheGroupAfterLastMemberQueryTime() {
            h.oldReport(2, G);
            h.out.clear();
            h.leave(G);
            List<IgmpMessage.Query> q = h.out.queries();
            assertEquals(1, q.size());
            assertEquals(G, q.get(0).group());
            assertEquals(10, q.get(0).maxRespDeciseconds());
            h.advance(1);
            assertEquals(2, h.out.queries().size(), "Last Member Query Count = 2, one per second");
            assertTrue(h.out.mgm.isEmpty());
            h.advance(1);
            assertEquals(List.of("-if2 (*, 239.1.1.1)"), h.out.mgm);
            assertEquals(2, h.out.queries().size());
        }

        @Test
        void aReportAnsweringTheLastMemberQueryKeepsTheGroupAndSetsTheSuppressFlag() {
            h.report(CHANGE_TO_EXCLUDE_MODE, G);
            h.out.clear();
            h.report(CHANGE_TO_INCLUDE_MODE, G);
            assertFalse(h.out.queries().get(0).suppressRouterSide());
            h.advance(0.5);
            h.report(MODE_IS_EXCLUDE, G);
            h.advance(0.5);
            assertTrue(h.out.queries().get(1).suppressRouterSide(), "group timer above LMQT again: S flag set");
            h.advance(300);
            assertEquals(List.of("-if2 (*, 239.1.1.1)"), h.out.mgm, "expires only after a full GMI");
        }

        @Test
        void linkLocalGroupsCreateNoState() {
            h.report(CHANGE_TO_EXCLUDE_MODE, Ipv4.parse("224.0.0.22"));
            assertTrue(h.out.mgm.isEmpty());
            assertTrue(h.router.groups().isEmpty());
        }
    }

    @Nested
    class SourceFiltering {
        @Test
        void allowInIncludeModeAddsSourceGroupMembershipsThatExpireAfterGmi() {
            h.report(ALLOW_NEW_SOURCES, G, S1, S2);
            assertEquals(List.of("+if2 (198.18.1.2, 239.1.1.1)", "+if2 (198.18.1.3, 239.1.1.1)"), h.out.mgm);
            assertTrue(h.router.forwards(2, S1, G));
            assertFalse(h.router.forwards(2, S3, G));
            h.advance(260);
            assertEquals(4, h.out.mgm.size());
            assertTrue(h.router.groups().isEmpty(), "INCLUDE group with no sources left is deleted");
        }

        @Test
        void blockInIncludeModeQueriesTheSourcesAndDropsThemAfterLmqt() {
            h.report(ALLOW_NEW_SOURCES, G, S1, S2);
            h.out.clear();
            h.report(BLOCK_OLD_SOURCES, G, S1, S3);
            IgmpMessage.Query q = h.out.queries().get(0);
            assertEquals(G, q.group());
            assertEquals(List.of(S1), q.sources(), "Q(G, A*B)");
            h.advance(2);
            assertEquals(List.of("-if2 (198.18.1.2, 239.1.1.1)"), h.out.mgm);
            assertTrue(h.router.forwards(2, S2, G));
        }

        @Test
        void toExcludeFromIncludeBlocksTheNewSourcesAndQueriesTheCommonOnes() {
            h.report(ALLOW_NEW_SOURCES, G, S1, S2);
            h.out.clear();
            h.report(CHANGE_TO_EXCLUDE_MODE, G, S2, S3); // INCLUDE(A={S1,S2}) TO_EX(B={S2,S3}) -> EXCLUDE(A*B={S2}, B-A={S3})
            assertEquals(List.of("+if2 (*, 239.1.1.1)", "block if2 (198.18.1.4, 239.1.1.1)",
                    "-if2 (198.18.1.2, 239.1.1.1)", "-if2 (198.18.1.3, 239.1.1.1)"), h.out.mgm);
            assertEquals(List.of(S2), h.out.queries().get(0).sources(), "Send Q(G, A*B)");
            assertFalse(h.router.forwards(2, S3, G));
            assertTrue(h.router.forwards(2, S2, G));
            assertTrue(h.router.forwards(2, S1, G), "EXCLUDE forwards every source not excluded");
        }

        @Test
        void isExcludeInExcludeModeReplacesTheExcludeList() {
            h.report(MODE_IS_EXCLUDE, G, S1);
            h.out.clear();
            h.report(MODE_IS_EXCLUDE, G, S2);
            // EXCLUDE(X={}, Y={S1}) IS_EX(A={S2}) -> EXCLUDE(A-Y={S2}, Y*A={}); (A-X-Y)=GMI
            assertEquals(List.of("unblock if2 (198.18.1.2, 239.1.1.1)"), h.out.mgm);
            assertTrue(h.router.forwards(2, S1, G));
            assertTrue(h.router.forwards(2, S2, G), "S2 got a running timer: requested, so forwarded");
            assertTrue(h.out.queries().isEmpty(), "current-state records never trigger queries");
        }

        @Test
        void blockInExcludeModeGivesNewSourcesTheGroupTimerAndQueriesThem() {
            h.report(MODE_IS_EXCLUDE, G, S1);
            h.advance(100);
            h.out.clear();
            h.report(BLOCK_OLD_SOURCES, G, S1, S2); // EXCLUDE(X={},Y={S1}) BLOCK {S1,S2}: (A-X-Y)={S2}=GT; Q(G, A-Y={S2})
            assertEquals(List.of(S2), h.out.queries().get(0).sources());
            assertTrue(h.router.forwards(2, S2, G), "not blocked before the query times out");
            h.advance(2);
            assertFalse(h.router.forwards(2, S2, G), "LMQT passed without a report: S2 now excluded");
            assertEquals(List.of("block if2 (198.18.1.3, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void toIncludeInExcludeModeQueriesGroupAndSourcesAndFallsBackToInclude() {
            h.report(MODE_IS_EXCLUDE, G);
            h.report(ALLOW_NEW_SOURCES, G, S1); // X={S1}
            h.out.clear();
            h.report(CHANGE_TO_INCLUDE_MODE, G, S2); // X+A, Q(G, X-A={S1}), Q(G)
            List<IgmpMessage.Query> q = h.out.queries();
            assertTrue(q.stream().anyMatch(x -> x.sources().equals(List.of(S1))), "Q(G,X-A)");
            assertTrue(q.stream().anyMatch(x -> x.group() == G && x.sources().isEmpty()), "Q(G)");
            h.advance(2); // group timer (LMQT) and S1's timer (LMQT) run out; S2 keeps GMI
            assertEquals(List.of("+if2 (198.18.1.3, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), h.out.mgm,
                    "(S,G) added before (*,G) goes so the MFE never loses the interface");
            assertFalse(h.router.forwards(2, S1, G));
            assertTrue(h.router.forwards(2, S2, G));
            assertEquals("INCLUDE", h.router.groups().get(0).mode());
        }

        @Test
        void toExcludeInExcludeModeGivesNewSourcesTheGroupTimer() {
            h.report(MODE_IS_EXCLUDE, G, S1);
            h.out.clear();
            h.report(CHANGE_TO_EXCLUDE_MODE, G, S1, S2); // EXCLUDE(X={},Y={S1}) TO_EX {S1,S2}: (A-X-Y)={S2}=GT, Q(G, A-Y={S2})
            assertEquals(List.of(S2), h.out.queries().get(0).sources());
            h.advance(2);
            assertFalse(h.router.forwards(2, S2, G));
            assertFalse(h.router.forwards(2, S1, G));
            assertTrue(h.router.forwards(2, S3, G));
        }

        @Test
        void groupTimerExpiryWithExcludedSourcesDeletesTheGroup() {
            h.report(MODE_IS_EXCLUDE, G, S1);
            h.advance(260);
            assertTrue(h.router.groups().isEmpty());
            assertEquals(List.of("+if2 (*, 239.1.1.1)", "block if2 (198.18.1.2, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void sourcesThatCannotSendDataAreIgnored() {
            h.report(ALLOW_NEW_SOURCES, G, 0, Ipv4.parse("224.0.0.2"), Ipv4.parse("255.255.255.255"), S1);
            assertEquals(List.of("+if2 (198.18.1.2, 239.1.1.1)"), h.out.mgm, "found by the fuzzer: (0.0.0.0, G) is no valid MGM key");
            assertEquals(3, h.router.interfaceCounters().get(2).get("ignored.invalidSource"));
        }

        @Test
        void ssmRangeIgnoresExcludeRequestsButAcceptsSourceJoins() {
            h.report(CHANGE_TO_EXCLUDE_MODE, SSM_G);
            h.oldReport(2, SSM_G);
            assertTrue(h.out.mgm.isEmpty());
            h.report(ALLOW_NEW_SOURCES, SSM_G, S1);
            assertEquals(List.of("+if2 (198.18.1.2, 232.1.1.1)"), h.out.mgm);
        }
    }

    @Nested
    class Compatibility {
        @Test
        void v1HostPresentMakesTheRouterIgnoreLeavesUntilTheOlderHostPresentIntervalEnds() {
            h.oldReport(1, G);
            h.leave(G);
            h.report(CHANGE_TO_INCLUDE_MODE, G);
            h.advance(10);
            assertEquals(List.of("+if2 (*, 239.1.1.1)"), h.out.mgm, "leave and TO_IN ignored in v1 mode");
            assertEquals(1, h.router.groups().get(0).compatibilityVersion());
            h.advance(250); // OHPI and GMI both 260 s: the group goes
            assertEquals(List.of("+if2 (*, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), h.out.mgm);
        }

        @Test
        void v2HostPresentIgnoresBlockAndTheSourcesOfToExclude() {
            h.oldReport(2, G);
            h.report(BLOCK_OLD_SOURCES, G, S1);
            h.report(CHANGE_TO_EXCLUDE_MODE, G, S2);
            assertTrue(h.router.forwards(2, S1, G));
            assertTrue(h.router.forwards(2, S2, G), "TO_EX treated as TO_EX({})");
            assertEquals(2, h.router.groups().get(0).compatibilityVersion());
        }

        @Test
        void compatibilityReturnsToV3AfterTheOlderHostPresentInterval() {
            h.oldReport(2, G);
            h.advance(200);
            h.report(MODE_IS_EXCLUDE, G);
            h.advance(61);
            assertEquals(3, h.router.groups().get(0).compatibilityVersion());
            h.report(BLOCK_OLD_SOURCES, G, S1);
            assertFalse(h.out.queries().stream().filter(q -> !q.sources().isEmpty()).toList().isEmpty(), "BLOCK processed again");
        }

        @Test
        void aVersion2InterfaceSendsV2QueriesAndGroupSpecificV2Queries() {
            RouterHarness v2 = new RouterHarness().withInterface(2, IgmpParameters.defaults().withVersion(2));
            assertEquals(2, v2.out.queries().get(0).version());
            v2.oldReport(2, G);
            v2.leave(G);
            IgmpMessage.Query q = v2.out.queries().get(v2.out.queries().size() - 1);
            assertEquals(2, q.version());
            assertEquals(G, q.group());
            v2.advance(2);
            assertEquals(List.of("+if2 (*, 239.1.1.1)", "-if2 (*, 239.1.1.1)"), v2.out.mgm);
        }

        @Test
        void aVersion1InterfaceSendsV1QueriesAndIgnoresLeaves() {
            RouterHarness v1 = new RouterHarness().withInterface(2, IgmpParameters.defaults().withVersion(1));
            assertEquals(1, v1.out.queries().get(0).version());
            v1.oldReport(1, G);
            v1.leave(G);
            v1.advance(10);
            assertEquals(List.of("+if2 (*, 239.1.1.1)"), v1.out.mgm);
            assertTrue(v1.out.queries().stream().allMatch(IgmpMessage.Query::general), "no group-specific query in v1");
        }
    }

    @Nested
    class Validation {
        @Test
        void reportsFromOffLinkSourcesAreDropped() {
            assertEquals(DropReason.SOURCE_NOT_ON_LINK, h.report(2, Ipv4.parse("10.9.9.9"), CHANGE_TO_EXCLUDE_MODE, G));
            assertTrue(h.out.mgm.isEmpty());
            assertEquals(1, h.router.globalCounters().get("drop.sourceNotOnLink"));
        }

        @Test
        void reportsFromZeroSourceAreAccepted() {
            assertNull(h.report(2, 0, CHANGE_TO_EXCLUDE_MODE, G));
            assertEquals(1, h.out.mgm.size());
        }

        @Test
        void packetsOnInterfacesWithoutIgmpAreDropped() {
            assertEquals(DropReason.INTERFACE_NOT_ENABLED, h.report(7, HOST, CHANGE_TO_EXCLUDE_MODE, G));
        }

        @Test
        void countersRecordMessagesInAndOutByType() {
            h.report(CHANGE_TO_EXCLUDE_MODE, G);
            h.report(CHANGE_TO_INCLUDE_MODE, G);
            Counters c = h.router.interfaceCounters().get(2);
            assertEquals(2, c.get("in.v3Report"));
            assertEquals(1, c.get("record.TO_EX"));
            assertEquals(1, c.get("record.TO_IN"));
            assertEquals(1, c.get("out.groupQuery"));
        }
    }

    @Test
    void reinstallReAnnouncesEveryMembershipOfTheInterface() {
        h.report(MODE_IS_EXCLUDE, G, S1);
        h.report(ALLOW_NEW_SOURCES, G + 1, S2);
        h.out.clear();
        h.router.reinstall(2);
        assertEquals(List.of("+if2 (*, 239.1.1.1)", "block if2 (198.18.1.2, 239.1.1.1)", "+if2 (198.18.1.3, 239.1.1.2)").stream().sorted().toList(),
                h.out.mgm.stream().sorted().toList());
    }

    @Test
    void removingTheInterfaceWithdrawsItsMemberships() {
        h.report(MODE_IS_EXCLUDE, G);
        h.report(ALLOW_NEW_SOURCES, G + 1, S2);
        h.out.clear();
        h.router.removeInterface(2);
        assertEquals(List.of("-if2 (*, 239.1.1.1)", "-if2 (198.18.1.3, 239.1.1.2)"), h.out.mgm);
        assertEquals(0, h.clock.pending(), "no timers left behind");
    }
}
