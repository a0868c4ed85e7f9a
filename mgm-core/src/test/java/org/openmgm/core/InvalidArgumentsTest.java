package org.openmgm.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.Ipv4;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.MgmError;
import org.openmgm.api.ProtocolHandle;

/**
 * Every operation given an invalid argument fails with the status the spec names (§4, §6.2, §6.8) and leaves
 * protocols, interfaces, memberships, MFEs and the forwarder exactly as they were, with no callback delivered.
 */
class InvalidArgumentsTest extends MgmFixture {

    private static final int NET10 = Ipv4.parse("10.0.0.0");
    private static final int UNICAST = Ipv4.parse("10.1.1.1");
    private static final int GROUP_NET = Ipv4.parse("239.1.1.0");

    ProtocolHandle dead;
    ProtocolHandle igmp2;

    /** A populated MGM: owners, shared and IGMP-only interfaces, memberships of every shape, MFEs, a dead handle. */
    @BeforeEach
    void populate() {
        own(hA, IF1, IF4);
        own(hB, IF2);
        own(hC, IF3);
        own(hI, IF1, IF5);
        join(hA, STAR_G, IF1);
        join(hA, S_G, IF4);
        join(hB, STAR_G2, IF2);
        join(hI, STAR_G, IF5);
        join(hA, STAR_STAR, IF4);
        data(S, G, IF3);
        data(S, G2, IF3);
        dead = engine.register(400, 1, "D", new RecordingProtocol("D"));
        dead.deregister();
        igmp2 = engine.register(10, 2, "IGMP#2", new RecordingProtocol("IGMP#2"));
        clearCalls();
    }

    enum Case {
        REGISTER_DUPLICATE(MgmError.ALREADY_EXISTS, t -> t.engine.register(100, 1, "dup", new RecordingProtocol("dup"))),
        REGISTER_NULL_CALLBACKS(MgmError.INVALID_PARAMETER, t -> t.engine.register(401, 1, "null", null)),

        DEREGISTER_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.deregister()),
        DEREGISTER_WHILE_OWNING(MgmError.CAN_NOT_COMPLETE, t -> t.hA.deregister()),

        TAKE_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.takeInterface(IF9)),
        TAKE_OWNED_BY_OTHER(MgmError.ALREADY_EXISTS, t -> t.hB.takeInterface(IF1)),
        TAKE_TWICE(MgmError.ALREADY_EXISTS, t -> t.hA.takeInterface(IF1)),
        TAKE_TWICE_IGMP(MgmError.ALREADY_EXISTS, t -> t.hI.takeInterface(IF5)),
        TAKE_SECOND_IGMP_INSTANCE(MgmError.ALREADY_EXISTS, t -> t.igmp2.takeInterface(IF5)),
        TAKE_SECOND_IGMP_INSTANCE_SHARED(MgmError.ALREADY_EXISTS, t -> t.igmp2.takeInterface(IF1)),

        RELEASE_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.releaseInterface(IF1)),
        RELEASE_UNKNOWN(MgmError.INVALID_PARAMETER, t -> t.hA.releaseInterface(IF9)),
        RELEASE_OWNED_BY_OTHER(MgmError.INVALID_PARAMETER, t -> t.hA.releaseInterface(IF2)),
        RELEASE_IGMP_ONLY_BY_ROUTING(MgmError.INVALID_PARAMETER, t -> t.hA.releaseInterface(IF5)),
        RELEASE_BY_ABSENT_IGMP(MgmError.INVALID_PARAMETER, t -> t.hI.releaseInterface(IF2)),

        ADD_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.addMembership(STAR_G, IF1, JOIN)),
        ADD_UNOWNED(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G, IF2, JOIN)),
        ADD_UNKNOWN(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G, IF9, JOIN)),
        ADD_ON_IGMP_ONLY_BY_ROUTING(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G, IF5, JOIN)),
        ADD_BY_ABSENT_IGMP(MgmError.INVALID_PARAMETER, t -> t.hI.addMembership(STAR_G, IF2, JOIN)),
        ADD_SOURCE_RANGE(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(new MembershipKey(NET10, 0xFFFFFF00, G, -1), IF1, JOIN)),
        ADD_GROUP_RANGE(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(new MembershipKey(0, 0, GROUP_NET, 0xFFFFFF00), IF1, JOIN)),
        ADD_GROUP_WITH_ZERO_MASK(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(new MembershipKey(0, 0, G, 0), IF1, JOIN)),
        ADD_SOURCE_STAR(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(new MembershipKey(S, -1, 0, 0), IF1, JOIN)),
        ADD_SOURCE_ZERO_HOST_MASK(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(new MembershipKey(0, -1, G, -1), IF1, JOIN)),
        ADD_NON_MULTICAST_GROUP(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(MembershipKey.anySource(UNICAST), IF1, JOIN)),
        ADD_FLAGS_0(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G2, IF1, 0)),
        ADD_FLAGS_4(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G2, IF1, 4)),
        ADD_FLAGS_7(MgmError.INVALID_PARAMETER, t -> t.hA.addMembership(STAR_G2, IF1, 7)),

        DELETE_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.deleteMembership(STAR_G, IF1, JOIN)),
        DELETE_OWNED_BY_OTHER(MgmError.INVALID_PARAMETER, t -> t.hB.deleteMembership(STAR_G, IF1, JOIN)),
        DELETE_ON_IGMP_ONLY_BY_ROUTING(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(STAR_G, IF5, JOIN)),
        DELETE_UNKNOWN(MgmError.NOT_FOUND, t -> t.hA.deleteMembership(STAR_G, IF9, JOIN)),
        DELETE_SOURCE_RANGE(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(new MembershipKey(NET10, 0xFFFFFF00, G, -1), IF1, JOIN)),
        DELETE_SOURCE_STAR(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(new MembershipKey(S, -1, 0, 0), IF4, JOIN)),
        DELETE_SOURCE_ZERO_HOST_MASK(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(new MembershipKey(0, -1, G, -1), IF1, JOIN)),
        DELETE_NON_MULTICAST_GROUP(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(MembershipKey.anySource(UNICAST), IF1, JOIN)),
        DELETE_FLAGS_0(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(STAR_G, IF1, 0)),
        DELETE_FLAGS_4(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(STAR_G, IF1, 4)),
        DELETE_FLAGS_7(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(STAR_G, IF1, 7)),
        DELETE_FORWARD_STATE_FLAGS_6(MgmError.INVALID_PARAMETER, t -> t.hA.deleteMembership(S_G, IF4, 6)),

        SET_MFE_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.setMfeUpstreamNeighbor(SG, 1)),
        SET_MFE_MISSING(MgmError.NOT_FOUND, t -> t.hA.setMfeUpstreamNeighbor(S2G, 1)),

        ENUMERATION_DEAD_HANDLE(MgmError.INVALID_PARAMETER, t -> t.dead.startGroupEnumeration(EnumerationType.ALL_SOURCES)),
        ENUMERATION_NULL_TYPE(MgmError.INVALID_PARAMETER, t -> t.hA.startGroupEnumeration(null)),
        ENUMERATION_NEXT_AFTER_END(MgmError.INVALID_PARAMETER, t -> {
            GroupEnumeration e = t.hA.startGroupEnumeration(EnumerationType.ALL_SOURCES);
            e.close();
            e.next(10);
        }),
        ENUMERATION_END_TWICE(MgmError.INVALID_PARAMETER, t -> {
            GroupEnumeration e = t.hA.startGroupEnumeration(EnumerationType.ANY_SOURCE);
            e.close();
            e.close();
        }),

        PROTOCOL_ON_UNKNOWN_INTERFACE(MgmError.NOT_FOUND, t -> t.engine.protocolOnInterface(IF9)),
        MFE_MISSING(MgmError.NOT_FOUND, t -> t.engine.mfe(S2G)),
        MFE_STATS_MISSING(MgmError.NOT_FOUND, t -> t.engine.mfeStats(S2G));

        final MgmError expected;
        final Consumer<InvalidArgumentsTest> call;

        Case(MgmError expected, Consumer<InvalidArgumentsTest> call) {
            this.expected = expected;
            this.call = call;
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void invalidArgumentFailsWithTheSpecErrorAndChangesNothing(Case c) {
        State before = state();
        assertError(c.expected, () -> c.call.accept(this));
        assertEquals(before, state(), "state changed by a failed " + c);
        assertEquals(0, totalCalls(), () -> "callbacks delivered by a failed " + c + ": " + journal());
    }

    @Test
    void aGroupEnumerationDiesWithItsProtocolsRegistration() {
        ProtocolHandle d = engine.register(402, 1, "E", new RecordingProtocol("E"));
        GroupEnumeration e = d.startGroupEnumeration(EnumerationType.ALL_SOURCES);
        d.deregister();
        assertError(MgmError.INVALID_PARAMETER, () -> e.next(10));
    }
}
