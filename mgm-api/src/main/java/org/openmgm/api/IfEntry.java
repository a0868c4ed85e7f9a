package org.openmgm.api;

/**
 * MGM_IF_ENTRY: one candidate outgoing interface in a creation alert. The protocol owning the
 * interface refuses forwarding on it by calling {@link #setEnabled(boolean) setEnabled(false)}.
 */
public final class IfEntry {
    private final InterfaceKey iface;
    private final boolean igmp;
    private boolean enabled = true;

    public IfEntry(InterfaceKey iface, boolean igmp) {
        this.iface = iface;
        this.igmp = igmp;
    }

    public InterfaceKey iface() {
        return iface;
    }

    /** True when IGMP is enabled on this interface too. */
    public boolean igmp() {
        return igmp;
    }

    public boolean enabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String toString() {
        return iface + (igmp ? "[igmp]" : "") + (enabled ? "" : "[refused]");
    }
}
