package org.openmgm.api;

/**
 * The (source, source mask, group, group mask) of a membership: (S,G), (*,G) or (*,*).
 * A specific address has mask 255.255.255.255, a wildcard is address 0 with mask 0; ranges and
 * (S,*) are not supported (mgm.h) and are rejected with {@link MgmError#INVALID_PARAMETER} by
 * {@link #validate()}.
 */
public record MembershipKey(int source, int sourceMask, int group, int groupMask) {

    public enum Kind { SOURCE_GROUP, ANY_SOURCE, WILDCARD }

    public static final MembershipKey WILDCARD = new MembershipKey(0, 0, 0, 0);

    public static MembershipKey sourceGroup(int source, int group) {
        return new MembershipKey(source, Ipv4.HOST_MASK, group, Ipv4.HOST_MASK);
    }

    public static MembershipKey anySource(int group) {
        return new MembershipKey(0, 0, group, Ipv4.HOST_MASK);
    }

    /** The key of an MFE's own (S,G) membership. */
    public static MembershipKey of(SourceGroup sg) {
        return sourceGroup(sg.source(), sg.group());
    }

    /** Checks the wildcard rules; returns this key, or throws INVALID_PARAMETER naming the problem. */
    public MembershipKey validate() {
        if (!(groupMask == Ipv4.HOST_MASK && group != 0) && !(group == 0 && groupMask == 0))
            throw new MgmException(MgmError.INVALID_PARAMETER, "group must be an exact address with mask 255.255.255.255 or 0/0: " + this);
        if (!(sourceMask == Ipv4.HOST_MASK && source != 0) && !(source == 0 && sourceMask == 0))
            throw new MgmException(MgmError.INVALID_PARAMETER, "source must be an exact address with mask 255.255.255.255 or 0/0: " + this);
        if (group != 0 && !Ipv4.isMulticast(group))
            throw new MgmException(MgmError.INVALID_PARAMETER, "group is not a multicast address: " + this);
        if (group == 0 && source != 0)
            throw new MgmException(MgmError.INVALID_PARAMETER, "(S,*) is not a supported membership: " + this);
        return this;
    }

    public Kind kind() {
        if (group == 0) return Kind.WILDCARD;
        return source == 0 ? Kind.ANY_SOURCE : Kind.SOURCE_GROUP;
    }

    /** True if this membership makes an interface an oif candidate of MFE (s, g). */
    public boolean covers(int s, int g) {
        return switch (kind()) {
            case WILDCARD -> true;
            case ANY_SOURCE -> group == g;
            case SOURCE_GROUP -> group == g && source == s;
        };
    }

    @Override
    public String toString() {
        return "(" + (sourceMask == 0 ? "*" : Ipv4.format(source)) + ", " + (groupMask == 0 ? "*" : Ipv4.format(group)) + ")";
    }
}
