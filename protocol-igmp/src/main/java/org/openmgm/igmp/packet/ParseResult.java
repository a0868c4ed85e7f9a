package org.openmgm.igmp.packet;

/** What the parser made of a packet: a message, a message type that is not ours (ignored, not bad), or a drop. */
public sealed interface ParseResult {

    record Parsed(IgmpMessage message) implements ParseResult {}

    /** DVMRP (0x13) and mtrace (0x1e, 0x1f) share IP protocol 2 with IGMP; other code handles them. */
    record Ignored(int type) implements ParseResult {}

    record Dropped(DropReason reason, String detail) implements ParseResult {
        @Override
        public String toString() {
            return reason.jsonName() + ": " + detail;
        }
    }
}
