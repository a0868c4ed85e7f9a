package org.openmgm.api;

/** A protocol instance: (protocol id, component id), unique among registered protocols. */
public record ProtocolId(int protocolId, int componentId) {
    @Override
    public String toString() {
        return protocolId + "/" + componentId;
    }
}
