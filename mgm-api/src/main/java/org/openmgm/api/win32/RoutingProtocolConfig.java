package org.openmgm.api.win32;

/**
 * ROUTING_PROTOCOL_CONFIG: the callback table given to {@link Mgm#MgmRegisterMProtocol}. As in C,
 * fill the fields you need and leave the others null (a null callback is skipped silently). The MGM
 * copies the table at registration; changing it afterwards has no effect.
 *
 * <pre>{@code
 * RoutingProtocolConfig rpc = new RoutingProtocolConfig();
 * rpc.pfnJoinAlertCallback = (s, sm, g, gm, member) -> { ...; return NO_ERROR; };
 * long[] h = new long[1];
 * int rc = mgm.MgmRegisterMProtocol(rpc, PROTO_ID, COMPONENT_ID, h);
 * }</pre>
 */
public final class RoutingProtocolConfig {
    /** Reserved; stored, never interpreted. */
    public int dwCallbackFlags;
    public MgmCallbacks.RpfCallback pfnRpfCallback;
    public MgmCallbacks.CreationAlertCallback pfnCreationAlertCallback;
    public MgmCallbacks.PruneAlertCallback pfnPruneAlertCallback;
    public MgmCallbacks.JoinAlertCallback pfnJoinAlertCallback;
    public MgmCallbacks.WrongIfCallback pfnWrongIfCallback;
    public MgmCallbacks.LocalJoinCallback pfnLocalJoinCallback;
    public MgmCallbacks.LocalLeaveCallback pfnLocalLeaveCallback;
    public MgmCallbacks.DisableIgmpCallback pfnDisableIgmpCallback;
    public MgmCallbacks.EnableIgmpCallback pfnEnableIgmpCallback;

    /** A copy of this table (what the MGM keeps at registration). */
    public RoutingProtocolConfig copy() {
        RoutingProtocolConfig c = new RoutingProtocolConfig();
        c.dwCallbackFlags = dwCallbackFlags;
        c.pfnRpfCallback = pfnRpfCallback;
        c.pfnCreationAlertCallback = pfnCreationAlertCallback;
        c.pfnPruneAlertCallback = pfnPruneAlertCallback;
        c.pfnJoinAlertCallback = pfnJoinAlertCallback;
        c.pfnWrongIfCallback = pfnWrongIfCallback;
        c.pfnLocalJoinCallback = pfnLocalJoinCallback;
        c.pfnLocalLeaveCallback = pfnLocalLeaveCallback;
        c.pfnDisableIgmpCallback = pfnDisableIgmpCallback;
        c.pfnEnableIgmpCallback = pfnEnableIgmpCallback;
        return c;
    }
}
