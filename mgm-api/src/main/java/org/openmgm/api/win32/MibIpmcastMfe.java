package org.openmgm.api.win32;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.openmgm.api.Ipv4;
import org.openmgm.api.Mfe;
import org.openmgm.api.OifView;

/**
 * MIB_IPMCAST_MFE (ipmib.h), {@code 60 + 16·ulNumOutIf} bytes with the XP OIF layout: one multicast
 * forwarding entry as MgmGetMfe / MgmGetFirstMfe / MgmGetNextMfe return it, and the key argument
 * ({@code pimm}, {@code pimmStart}, {@code pmimm}) of the functions that take one.
 *
 * <p>Addresses are {@link Ipv4} ints, written in network byte order; other fields little-endian
 * (see {@link Win32Structs}). Times are in <b>seconds</b> (spec §9 D4): {@code ulUpTime} counts up from
 * creation, {@code ulExpiryTime} down from {@code ulTimeOut}. {@code fFlags} and {@code dwReserved} are 0.
 */
public record MibIpmcastMfe(
        int dwGroup,
        int dwSource,
        int dwSrcMask,
        int dwUpStrmNgbr,
        int dwInIfIndex,
        int dwInIfProtocol,
        int dwRouteProtocol,
        int dwRouteNetwork,
        int dwRouteMask,
        int ulUpTime,
        int ulExpiryTime,
        int ulTimeOut,
        int ulNumOutIf,
        int fFlags,
        int dwReserved,
        List<MibIpmcastOif> rgmioOutInfo) {

    public MibIpmcastMfe {
        rgmioOutInfo = List.copyOf(rgmioOutInfo);
        if (ulNumOutIf != rgmioOutInfo.size())
            throw new IllegalArgumentException("ulNumOutIf " + ulNumOutIf + " but " + rgmioOutInfo.size() + " oifs");
    }

    private MibIpmcastMfe(MfeHead h, int ulTimeOut, int ulNumOutIf, int fFlags, int dwReserved, List<MibIpmcastOif> rgmioOutInfo) {
        this(h.group(), h.source(), h.srcMask(), h.upstream(), h.inIfIndex(), h.inIfProtocol(), h.routeProtocol(), h.routeNetwork(),
                h.routeMask(), h.upTime(), h.expiryTime(), ulTimeOut, ulNumOutIf, fFlags, dwReserved, rgmioOutInfo);
    }

    private MfeHead head() {
        return new MfeHead(dwGroup, dwSource, dwSrcMask, dwUpStrmNgbr, dwInIfIndex, dwInIfProtocol, dwRouteProtocol, dwRouteNetwork,
                dwRouteMask, ulUpTime, ulExpiryTime);
    }

    /** A key-only record, as C code fills {@code pimm->dwSource, pimm->dwGroup} before MgmGetMfe / MgmGetNextMfe. */
    public static MibIpmcastMfe key(int source, int group) {
        return key(source, group, 0);
    }

    /** A key-only record that also carries the upstream neighbour, for MgmSetMfe. */
    public static MibIpmcastMfe key(int source, int group, int upstreamNeighbor) {
        return new MibIpmcastMfe(group, source, source == 0 ? 0 : Ipv4.HOST_MASK, upstreamNeighbor, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** The record of {@code mfe}, times in seconds. */
    public static MibIpmcastMfe of(Mfe mfe) {
        List<MibIpmcastOif> oifs = new ArrayList<>(mfe.outgoing().size());
        for (OifView o : mfe.outgoing()) oifs.add(MibIpmcastOif.of(o.iface()));
        return new MibIpmcastMfe(MfeHead.of(mfe, Win32Structs::saturatedUlong), Win32Structs.saturatedUlong(mfe.timeoutSeconds()),
                oifs.size(), 0, 0, oifs);
    }

    /** SIZEOF_MIB_MFE(ulNumOutIf). */
    public int size() {
        return Win32Structs.SIZEOF_MIB_MFE(ulNumOutIf);
    }

    /** Writes {@link #size()} bytes at {@code buffer}'s position (little-endian, whatever its order) and advances it. */
    public void write(ByteBuffer buffer) {
        Win32Structs.writeAdvancing(buffer, this::put);
    }

    void put(ByteBuffer le) {
        head().put(le);
        le.putInt(ulTimeOut);
        le.putInt(ulNumOutIf);
        le.putInt(fFlags);
        le.putInt(dwReserved);
        for (MibIpmcastOif o : rgmioOutInfo) o.put(le);
    }

    /** Reads one record (its size follows from {@code ulNumOutIf}) from {@code buffer}'s position and advances past it. */
    public static MibIpmcastMfe read(ByteBuffer buffer) {
        return Win32Structs.readAdvancing(buffer, MibIpmcastMfe::get);
    }

    static MibIpmcastMfe get(ByteBuffer le) {
        MfeHead h = MfeHead.get(le);
        int timeout = le.getInt(), n = le.getInt(), flags = le.getInt(), reserved = le.getInt();
        if (n < 0 || (long) n * Win32Structs.SIZEOF_MIB_IPMCAST_OIF > le.remaining())
            throw new IllegalArgumentException("ulNumOutIf " + Integer.toUnsignedString(n) + " does not fit the buffer");
        List<MibIpmcastOif> oifs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) oifs.add(MibIpmcastOif.get(le));
        return new MibIpmcastMfe(h, timeout, n, flags, reserved, oifs);
    }

    @Override
    public String toString() {
        return "MIB_IPMCAST_MFE(" + Ipv4.format(dwSource) + ", " + Ipv4.format(dwGroup) + ") in if" + dwInIfIndex
                + " proto " + dwInIfProtocol + " up " + Integer.toUnsignedString(ulUpTime) + "s exp "
                + Integer.toUnsignedString(ulExpiryTime) + "/" + Integer.toUnsignedString(ulTimeOut) + "s oifs " + rgmioOutInfo;
    }
}
