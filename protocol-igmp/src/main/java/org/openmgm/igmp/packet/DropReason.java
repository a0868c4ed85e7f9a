package org.openmgm.igmp.packet;

/** Why a received IGMP packet was dropped; each has a counter (camelCase name in JSON). */
public enum DropReason {
    BAD_IP_HEADER("badIpHeader"),
    NOT_IGMP("notIgmp"),
    TRUNCATED("truncated"),
    BAD_LENGTH("badLength"),
    BAD_CHECKSUM("badChecksum"),
    BAD_TTL("badTtl"),
    NO_ROUTER_ALERT("noRouterAlert"),
    BAD_SOURCE("badSource"),
    BAD_GROUP("badGroup"),
    UNKNOWN_TYPE("unknownType"),
    SOURCE_NOT_ON_LINK("sourceNotOnLink"),
    INTERFACE_NOT_ENABLED("interfaceNotEnabled"),
    OWN_PACKET("ownPacket");

    private final String jsonName;

    DropReason(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
