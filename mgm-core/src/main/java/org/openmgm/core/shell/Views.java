package org.openmgm.core.shell;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The JSON shapes of the {@code mgm:*} commands. Field names are part of the operator interface: keep
 * them stable, camelCase, and use the common names (source, group, interface, ifIndex, neighbor, state,
 * uptimeSeconds, expiresSeconds, packets, bytes, protocol). Absent values are written as null, never omitted.
 */
final class Views {
    private Views() {}

    /** A protocol instance: {@code protocol} is its name, ids as registered. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Owner(String protocol, int protocolId, int componentId) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    /** {@code protocol} is the short name (pim), {@code name} the name it registered with (its DS component name). */
    @JsonPropertyOrder({"protocol", "name", "protocolId", "componentId", "igmp", "interfaces", "callbackFaults"})
    record Protocol(String protocol, String name, int protocolId, int componentId, boolean igmp, List<IfRef> interfaces, long callbackFaults) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"interface", "ifIndex", "nextHop"})
    record IfRef(@JsonProperty("interface") String name, int ifIndex, String nextHop) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Protocols(List<Protocol> protocols) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"interface", "ifIndex", "nextHop", "owner", "igmp", "igmpEnabled", "memberships"})
    record Interface(@JsonProperty("interface") String name, int ifIndex, String nextHop,
                     Owner owner, Owner igmp, boolean igmpEnabled, int memberships) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Interfaces(List<Interface> interfaces) {}

    /** One membership record; {@code source}/{@code group} are null for wildcards. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"group", "source", "interface", "ifIndex", "nextHop", "protocol", "holder", "attributedTo"})
    record Group(String group, String source, @JsonProperty("interface") String name, int ifIndex,
                 String nextHop, String protocol, Owner holder, Owner attributedTo) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Groups(List<Group> groups) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"interface", "ifIndex", "nextHop", "owner"})
    record Incoming(@JsonProperty("interface") String name, int ifIndex, String nextHop, Owner owner) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"interface", "ifIndex", "nextHop", "owner", "packets"})
    record Outgoing(@JsonProperty("interface") String name, int ifIndex, String nextHop, Owner owner, Long packets) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Route(String network, int prefixLength, int protocol) {}

    /** An MFE in the spirit of {@code show ip mroute}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"source", "group", "incoming", "neighbor", "route", "outgoing", "flags", "state",
            "uptimeSeconds", "expiresSeconds", "timeoutSeconds", "packets", "bytes"})
    record Mfe(String source, String group, Incoming incoming, String neighbor, Route route, List<Outgoing> outgoing,
               List<String> flags, String state, long uptimeSeconds, Long expiresSeconds, long timeoutSeconds, Long packets, Long bytes) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Mfes(List<Mfe> mfes) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"interface", "ifIndex", "nextHop", "packets", "discards", "ttlTooLow", "fragNeeded"})
    record OutgoingStats(@JsonProperty("interface") String name, int ifIndex, String nextHop,
                         long packets, long discards, long ttlTooLow, long fragNeeded) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"source", "group", "interface", "ifIndex", "packets", "bytes", "packetsDifferentIf", "queueOverflow",
            "uninitializedMfe", "negativeMfe", "inDiscards", "inHeaderErrors", "outPackets", "outgoing"})
    record MfeStats(String source, String group, @JsonProperty("interface") String name, int ifIndex,
                    long packets, long bytes, long packetsDifferentIf, long queueOverflow, long uninitializedMfe, long negativeMfe,
                    long inDiscards, long inHeaderErrors, long outPackets, List<OutgoingStats> outgoing) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record MfeStatsList(List<MfeStats> mfeStats) {}

    /** A static membership and whether it is in force. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonPropertyOrder({"group", "source", "interface", "ifIndex", "state", "reason"})
    record Static(String group, String source, @JsonProperty("interface") String name, Integer ifIndex,
                  String state, String reason) {}

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Statics(List<Static> statics) {}
}
