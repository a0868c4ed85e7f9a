package org.openmgm.api.win32;

import static org.openmgm.api.win32.Win32Structs.ERROR_CAN_NOT_COMPLETE;
import static org.openmgm.api.win32.Win32Structs.ERROR_INSUFFICIENT_BUFFER;
import static org.openmgm.api.win32.Win32Structs.ERROR_INVALID_PARAMETER;
import static org.openmgm.api.win32.Win32Structs.ERROR_MORE_DATA;
import static org.openmgm.api.win32.Win32Structs.ERROR_NO_MORE_ITEMS;
import static org.openmgm.api.win32.Win32Structs.NO_ERROR;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import org.openmgm.api.EnumerationType;
import org.openmgm.api.GroupEnumeration;
import org.openmgm.api.InterfaceKey;
import org.openmgm.api.MembershipKey;
import org.openmgm.api.Mfe;
import org.openmgm.api.MfeStats;
import org.openmgm.api.MgmConstants;
import org.openmgm.api.MgmException;
import org.openmgm.api.MgmService;
import org.openmgm.api.ProtocolHandle;
import org.openmgm.api.ProtocolId;
import org.openmgm.api.SourceGroup;

/**
 * The MGM-compatible façade: the 17 functions of mgm.h with their names, parameter order, Win32
 * status codes and buffer contract, over an {@link MgmService}. Code written against mgm.h ports line
 * by line:
 *
 * <pre>{@code
 * C:    DWORD rc = MgmGetFirstMfe(&size, buf, &n);
 * Java: int rc = mgm.MgmGetFirstMfe(size, buf, n);      // int[] size, ByteBuffer buf, int[] n
 * }</pre>
 *
 * <p><b>Parameters.</b> {@code HANDLE} is a {@code long}: handles are never 0 and never reused, and a
 * {@code HANDLE*} out-parameter is a one-element {@code long[]}. {@code DWORD*} in/out parameters are
 * one-element {@code int[]}; DWORD values are unsigned. Addresses are {@link org.openmgm.api.Ipv4}
 * ints (10.0.0.1 = 0x0A000001). {@code MIB_IPMCAST_MFE*} inputs are {@link MibIpmcastMfe} records
 * (only {@code dwSource}, {@code dwGroup} and, for MgmSetMfe, {@code dwUpStrmNgbr} are read).
 *
 * <p><b>Buffers</b> ({@code BYTE* pbBuffer}) are {@link ByteBuffer}s; records are written from the
 * buffer's position onwards, packed little-endian byte for byte as a Windows build lays them out
 * ({@link Win32Structs}: addresses in network byte order, the XP/LH layouts); the buffer's position,
 * limit and byte order are left unchanged. {@code *pdwBufferSize} is the capacity the caller offers; it
 * must not exceed {@code pbBuffer.remaining()} (a null buffer is allowed with size 0, to ask for the size).
 * The contract of spec §6.11 holds exactly: ERROR_INSUFFICIENT_BUFFER only when not even one record
 * fits, with {@code *pdwBufferSize} set to that one record's size and {@code *pdwNumEntries = 0};
 * otherwise {@code *pdwBufferSize} is never modified; enumerations end with ERROR_MORE_DATA (records
 * returned, more remain) or ERROR_NO_MORE_ITEMS (end reached, zero or more records returned) and
 * never NO_ERROR; MFE records come ordered by group, then source. A call with a too-small buffer when no
 * record is left returns ERROR_NO_MORE_ITEMS (there is no next record whose size could be reported).
 *
 * <p><b>Callbacks.</b> {@link #MgmRegisterMProtocol} adapts the {@link RoutingProtocolConfig} table to
 * an {@link org.openmgm.api.MgmProtocol}; the MGM calls them synchronously with no lock held and ignores
 * their return values. A WrongIf callback is reported to the MGM only when the table has one.
 *
 * <p>Every function returns a status instead of throwing; unexpected runtime failures of the
 * underlying service are logged and reported as ERROR_CAN_NOT_COMPLETE. Instances are thread-safe.
 */
public final class Mgm {
    private static final System.Logger LOG = System.getLogger(Mgm.class.getName());
    /** At most this many MFEs are asked of the service per page while filling a buffer. */
    private static final int MAX_PAGE = 1024;

    private final MgmService mgm;
    private final AtomicLong nextHandle = new AtomicLong(0x10000);
    private final ConcurrentMap<Long, ProtocolHandle> protocols = new ConcurrentHashMap<>();
    private final ConcurrentMap<Long, Enumeration> enumerations = new ConcurrentHashMap<>();

    public Mgm(MgmService mgm) {
        this.mgm = Objects.requireNonNull(mgm, "mgm");
    }

    // ---------------------------------------------------------------- registration

    /**
     * MgmRegisterMProtocol: registers a client as (dwProtocolId, dwComponentId) with the callbacks of
     * {@code prpiInfo} (copied) and returns its handle in {@code phProtocol[0]}.
     *
     * @return NO_ERROR; ERROR_ALREADY_EXISTS if the pair is registered; ERROR_INVALID_PARAMETER for a
     *         null table or handle array; ERROR_CAN_NOT_COMPLETE
     */
    public int MgmRegisterMProtocol(RoutingProtocolConfig prpiInfo, int dwProtocolId, int dwComponentId, long[] phProtocol) {
        if (prpiInfo == null || phProtocol == null || phProtocol.length < 1) return ERROR_INVALID_PARAMETER;
        return call("MgmRegisterMProtocol", () -> {
            ProtocolHandle h = mgm.register(dwProtocolId, dwComponentId, null, CallbackAdapter.of(prpiInfo));
            long handle = nextHandle.getAndIncrement();
            protocols.put(handle, h);
            phProtocol[0] = handle;
            return NO_ERROR;
        });
    }

    /**
     * MgmDeRegisterMProtocol: destroys the handle (and the group enumerations opened with it).
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER for a bad handle; ERROR_CAN_NOT_COMPLETE while the
     *         client still owns an interface
     */
    public int MgmDeRegisterMProtocol(long hProtocol) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null) return ERROR_INVALID_PARAMETER;
        return call("MgmDeRegisterMProtocol", () -> {
            h.deregister();
            protocols.remove(hProtocol, h);
            enumerations.entrySet().removeIf(e -> {
                if (e.getValue().owner != hProtocol) return false;
                e.getValue().end();
                return true;
            });
            return NO_ERROR;
        });
    }

    // ---------------------------------------------------------------- interfaces

    /**
     * MgmTakeInterfaceOwnership: the protocol runs on (dwIfIndex, dwIfNextHopAddr). If IGMP is on the
     * interface it gets DisableIgmp, then EnableIgmp.
     *
     * @return NO_ERROR; ERROR_ALREADY_EXISTS if a routing protocol (or this one) already owns it;
     *         ERROR_INVALID_PARAMETER for a bad handle; ERROR_CAN_NOT_COMPLETE; ERROR_NOT_ENOUGH_MEMORY
     */
    public int MgmTakeInterfaceOwnership(long hProtocol, int dwIfIndex, int dwIfNextHopAddr) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null) return ERROR_INVALID_PARAMETER;
        return call("MgmTakeInterfaceOwnership", () -> {
            h.takeInterface(new InterfaceKey(dwIfIndex, dwIfNextHopAddr));
            return NO_ERROR;
        });
    }

    /**
     * MgmReleaseInterfaceOwnership: gives the interface up; deletes the MFEs whose iif it is, removes
     * it from other MFEs and deletes this client's memberships on it (with the alerts that causes).
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER for a bad handle, an unknown interface or one owned by
     *         another client; ERROR_CAN_NOT_COMPLETE
     */
    public int MgmReleaseInterfaceOwnership(long hProtocol, int dwIfIndex, int dwIfNextHopAddr) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null) return ERROR_INVALID_PARAMETER;
        return call("MgmReleaseInterfaceOwnership", () -> {
            h.releaseInterface(new InterfaceKey(dwIfIndex, dwIfNextHopAddr));
            return NO_ERROR;
        });
    }

    /**
     * MgmGetProtocolOnInterface: the routing protocol owning the interface (IGMP's ids on an IGMP-only
     * interface). No handle needed.
     *
     * @return NO_ERROR with the ids in {@code pdwIfProtocolId[0]}, {@code pdwIfComponentId[0]};
     *         ERROR_NOT_FOUND for an unknown interface; ERROR_INVALID_PARAMETER for null out-parameters
     */
    public int MgmGetProtocolOnInterface(int dwIfIndex, int dwIfNextHopAddr, int[] pdwIfProtocolId, int[] pdwIfComponentId) {
        if (!out(pdwIfProtocolId) || !out(pdwIfComponentId)) return ERROR_INVALID_PARAMETER;
        return call("MgmGetProtocolOnInterface", () -> {
            ProtocolId id = mgm.protocolOnInterface(new InterfaceKey(dwIfIndex, dwIfNextHopAddr));
            pdwIfProtocolId[0] = id.protocolId();
            pdwIfComponentId[0] = id.componentId();
            return NO_ERROR;
        });
    }

    // ---------------------------------------------------------------- memberships

    /**
     * MgmAddGroupMembershipEntry: receivers for (S,G), (*,G) (source 0/0) or (*,*) (all 0) exist on the
     * interface. {@code dwFlags}: MGM_JOIN_STATE_FLAG (record the membership and update every MFE it
     * covers), MGM_FORWARD_STATE_FLAG (add the interface to the one (S,G) MFE only), or both. Causes join
     * alerts to other clients, FALSE join alerts to iif owners, LocalJoin when IGMP adds on an owned interface.
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER (bad handle, interface not owned by the caller nor
     *         IGMP-shared, unknown interface, range masks, bad flags); ERROR_CAN_NOT_COMPLETE (e.g. IGMP
     *         adding from inside EnableIgmp); ERROR_NOT_ENOUGH_MEMORY
     */
    public int MgmAddGroupMembershipEntry(long hProtocol, int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask,
                                          int dwIfIndex, int dwIfNextHopIPAddr, int dwFlags) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null) return ERROR_INVALID_PARAMETER;
        return call("MgmAddGroupMembershipEntry", () -> {
            h.addMembership(new MembershipKey(dwSourceAddr, dwSourceMask, dwGroupAddr, dwGroupMask),
                    new InterfaceKey(dwIfIndex, dwIfNextHopIPAddr), dwFlags);
            return NO_ERROR;
        });
    }

    /**
     * MgmDeleteGroupMembershipEntry: no more receivers for the key on the interface (same parameters as
     * {@link #MgmAddGroupMembershipEntry}). Causes prune alerts, FALSE prune alerts to iif owners of MFEs
     * left without oifs, LocalLeave when IGMP deletes on an owned interface.
     *
     * @return NO_ERROR (also when the membership did not exist); ERROR_INVALID_PARAMETER (bad handle,
     *         interface owned by another protocol, bad key or flags); ERROR_NOT_FOUND (unknown interface);
     *         ERROR_CAN_NOT_COMPLETE
     */
    public int MgmDeleteGroupMembershipEntry(long hProtocol, int dwSourceAddr, int dwSourceMask, int dwGroupAddr, int dwGroupMask,
                                             int dwIfIndex, int dwIfNextHopIPAddr, int dwFlags) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null) return ERROR_INVALID_PARAMETER;
        return call("MgmDeleteGroupMembershipEntry", () -> {
            h.deleteMembership(new MembershipKey(dwSourceAddr, dwSourceMask, dwGroupAddr, dwGroupMask),
                    new InterfaceKey(dwIfIndex, dwIfNextHopIPAddr), dwFlags);
            return NO_ERROR;
        });
    }

    // ---------------------------------------------------------------- MFEs

    /**
     * MgmGetMfe: the MFE for {@code pimm.dwSource}, {@code pimm.dwGroup} as one MIB_IPMCAST_MFE record
     * (60 + 16·n bytes). No handle needed.
     *
     * @return NO_ERROR ({@code *pdwBufferSize} unchanged); ERROR_INSUFFICIENT_BUFFER with
     *         {@code *pdwBufferSize = SIZEOF_MIB_MFE(n)}; ERROR_NOT_FOUND; ERROR_INVALID_PARAMETER for null
     *         arguments or a size larger than the buffer; ERROR_CAN_NOT_COMPLETE
     */
    public int MgmGetMfe(MibIpmcastMfe pimm, int[] pdwBufferSize, ByteBuffer pbBuffer) {
        if (pimm == null) return ERROR_INVALID_PARAMETER;
        return single("MgmGetMfe", pimm, pdwBufferSize, pbBuffer, Kind.MFE);
    }

    /**
     * MgmGetFirstMfe: as many whole MIB_IPMCAST_MFE records as fit, from the first MFE in (group,
     * source) order; {@code *pdwNumEntries} = records written. No handle needed.
     *
     * @return ERROR_MORE_DATA (records written, more remain); ERROR_NO_MORE_ITEMS (end reached, zero or
     *         more records); ERROR_INSUFFICIENT_BUFFER (not even the first record fits;
     *         {@code *pdwBufferSize} = its size); ERROR_INVALID_PARAMETER; ERROR_CAN_NOT_COMPLETE
     */
    public int MgmGetFirstMfe(int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries) {
        return enumerate("MgmGetFirstMfe", null, pdwBufferSize, pbBuffer, pdwNumEntries, Kind.MFE);
    }

    /**
     * MgmGetNextMfe: as {@link #MgmGetFirstMfe}, starting with the MFE after ({@code pimmStart.dwSource},
     * {@code pimmStart.dwGroup}) — normally the last record of the previous batch; if that MFE is gone,
     * with the next greater (group, source).
     */
    public int MgmGetNextMfe(MibIpmcastMfe pimmStart, int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries) {
        if (pimmStart == null) return ERROR_INVALID_PARAMETER;
        return enumerate("MgmGetNextMfe", sg(pimmStart), pdwBufferSize, pbBuffer, pdwNumEntries, Kind.MFE);
    }

    /**
     * MgmGetMfeStats: the MFE for {@code pimm.dwSource}, {@code pimm.dwGroup} with its counters, as a
     * MIB_IPMCAST_MFE_STATS ({@code dwFlags = MGM_MFE_STATS_0}, 64 + 28·n bytes) or
     * MIB_IPMCAST_MFE_STATS_EX ({@code MGM_MFE_STATS_1}, 84 + 28·n bytes) record. Times in centiseconds.
     *
     * @return as {@link #MgmGetMfe}; ERROR_INVALID_PARAMETER for any other {@code dwFlags}
     */
    public int MgmGetMfeStats(MibIpmcastMfe pimm, int[] pdwBufferSize, ByteBuffer pbBuffer, int dwFlags) {
        Kind kind = statsKind(dwFlags);
        if (kind == null || pimm == null) return ERROR_INVALID_PARAMETER;
        return single("MgmGetMfeStats", pimm, pdwBufferSize, pbBuffer, kind);
    }

    /** MgmGetFirstMfeStats: {@link #MgmGetFirstMfe} with the stats records of {@link #MgmGetMfeStats}; {@code dwFlags} 1 or 2. */
    public int MgmGetFirstMfeStats(int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries, int dwFlags) {
        Kind kind = statsKind(dwFlags);
        if (kind == null) return ERROR_INVALID_PARAMETER;
        return enumerate("MgmGetFirstMfeStats", null, pdwBufferSize, pbBuffer, pdwNumEntries, kind);
    }

    /** MgmGetNextMfeStats: {@link #MgmGetNextMfe} with the stats records of {@link #MgmGetMfeStats}; {@code dwFlags} 1 or 2. */
    public int MgmGetNextMfeStats(MibIpmcastMfe pimmStart, int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries, int dwFlags) {
        Kind kind = statsKind(dwFlags);
        if (kind == null || pimmStart == null) return ERROR_INVALID_PARAMETER;
        return enumerate("MgmGetNextMfeStats", sg(pimmStart), pdwBufferSize, pbBuffer, pdwNumEntries, kind);
    }

    /**
     * MgmSetMfe: replaces the upstream neighbour of the MFE ({@code pmimm.dwSource}, {@code pmimm.dwGroup})
     * with {@code pmimm.dwUpStrmNgbr}; nothing else changes, no callbacks.
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER (bad handle, null record; in strict mode a caller that
     *         does not own the iif); ERROR_NOT_FOUND; ERROR_CAN_NOT_COMPLETE
     */
    public int MgmSetMfe(long hProtocol, MibIpmcastMfe pmimm) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null || pmimm == null) return ERROR_INVALID_PARAMETER;
        return call("MgmSetMfe", () -> {
            h.setMfeUpstreamNeighbor(sg(pmimm), pmimm.dwUpStrmNgbr());
            return NO_ERROR;
        });
    }

    // ---------------------------------------------------------------- group enumeration

    /**
     * MgmGroupEnumerationStart: opens an enumeration of the membership table; {@code metEnumType}
     * ANY_SOURCE (0: one record per group, source 0/0) or ALL_SOURCES (1: every key once). The handle is
     * returned in {@code phEnumHandle[0]}.
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER (bad protocol handle, unknown type, null handle array);
     *         ERROR_CAN_NOT_COMPLETE; ERROR_NOT_ENOUGH_MEMORY
     */
    public int MgmGroupEnumerationStart(long hProtocol, int metEnumType, long[] phEnumHandle) {
        ProtocolHandle h = protocols.get(hProtocol);
        if (h == null || phEnumHandle == null || phEnumHandle.length < 1) return ERROR_INVALID_PARAMETER;
        EnumerationType type;
        if (metEnumType == MgmConstants.ANY_SOURCE) type = EnumerationType.ANY_SOURCE;
        else if (metEnumType == MgmConstants.ALL_SOURCES) type = EnumerationType.ALL_SOURCES;
        else return ERROR_INVALID_PARAMETER;
        return call("MgmGroupEnumerationStart", () -> {
            GroupEnumeration e = h.startGroupEnumeration(type);
            long handle = nextHandle.getAndIncrement();
            enumerations.put(handle, new Enumeration(hProtocol, e));
            phEnumHandle[0] = handle;
            return NO_ERROR;
        });
    }

    /**
     * MgmGroupEnumerationGetNext: as many 16-byte SOURCE_GROUP_ENTRY records as fit, in no particular
     * order; {@code *pdwNumEntries} = records written. The handle keeps the cursor.
     *
     * @return ERROR_MORE_DATA (more remain); ERROR_NO_MORE_ITEMS (end reached, zero or more records;
     *         repeated calls keep returning it with 0 records); ERROR_INSUFFICIENT_BUFFER (buffer smaller
     *         than 16 bytes; {@code *pdwBufferSize = 16}); ERROR_INVALID_PARAMETER (bad or ended handle,
     *         null arguments); ERROR_CAN_NOT_COMPLETE
     */
    public int MgmGroupEnumerationGetNext(long hEnum, int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries) {
        Enumeration en = enumerations.get(hEnum);
        if (en == null || !out(pdwBufferSize) || !out(pdwNumEntries)) return ERROR_INVALID_PARAMETER;
        long capacity = capacity(pdwBufferSize[0], pbBuffer);
        if (capacity < 0) return ERROR_INVALID_PARAMETER;
        return call("MgmGroupEnumerationGetNext", () -> en.next(capacity, pdwBufferSize, pbBuffer, pdwNumEntries));
    }

    /**
     * MgmGroupEnumerationEnd: destroys the enumeration handle.
     *
     * @return NO_ERROR; ERROR_INVALID_PARAMETER for a bad or already ended handle
     */
    public int MgmGroupEnumerationEnd(long hEnum) {
        Enumeration en = enumerations.remove(hEnum);
        if (en == null) return ERROR_INVALID_PARAMETER;
        return call("MgmGroupEnumerationEnd", () -> {
            en.end();
            return NO_ERROR;
        });
    }

    // ---------------------------------------------------------------- internals

    private enum Kind {
        MFE(Win32Structs.SIZEOF_BASIC_MIB_MFE),
        STATS(Win32Structs.SIZEOF_BASIC_MIB_MFE_STATS),
        STATS_EX(Win32Structs.SIZEOF_BASIC_MIB_MFE_STATS_EX);

        final int minSize;

        Kind(int minSize) {
            this.minSize = minSize;
        }
    }

    /** One encodable record and its size. */
    private interface Rec {
        int size();

        void put(ByteBuffer le);
    }

    private static Kind statsKind(int flags) {
        if (flags == MgmConstants.MGM_MFE_STATS_0) return Kind.STATS;
        if (flags == MgmConstants.MGM_MFE_STATS_1) return Kind.STATS_EX;
        return null;
    }

    private static SourceGroup sg(MibIpmcastMfe key) {
        return new SourceGroup(key.dwSource(), key.dwGroup());
    }

    private static boolean out(int[] p) {
        return p != null && p.length >= 1;
    }

    /** The capacity offered, or -1 if the arguments are inconsistent. */
    private static long capacity(int bufferSize, ByteBuffer buffer) {
        long size = Integer.toUnsignedLong(bufferSize);
        if (size == 0) return 0;
        if (buffer == null || buffer.isReadOnly() || size > buffer.remaining()) return -1;
        return size;
    }

    private static Rec record(Object item, Kind kind) {
        return switch (kind) {
            case MFE -> {
                MibIpmcastMfe r = MibIpmcastMfe.of((Mfe) item);
                yield new Rec() {
                    public int size() { return r.size(); }
                    public void put(ByteBuffer le) { r.put(le); }
                };
            }
            case STATS -> {
                MibIpmcastMfeStats r = MibIpmcastMfeStats.of((MfeStats) item);
                yield new Rec() {
                    public int size() { return r.size(); }
                    public void put(ByteBuffer le) { r.put(le); }
                };
            }
            case STATS_EX -> {
                MibIpmcastMfeStatsEx r = MibIpmcastMfeStatsEx.of((MfeStats) item);
                yield new Rec() {
                    public int size() { return r.size(); }
                    public void put(ByteBuffer le) { r.put(le); }
                };
            }
        };
    }

    private static SourceGroup keyOf(Object item) {
        Mfe m = item instanceof MfeStats s ? s.mfe() : (Mfe) item;
        return m.sourceGroup();
    }

    private int single(String name, MibIpmcastMfe key, int[] pdwBufferSize, ByteBuffer pbBuffer, Kind kind) {
        if (!out(pdwBufferSize)) return ERROR_INVALID_PARAMETER;
        long capacity = capacity(pdwBufferSize[0], pbBuffer);
        if (capacity < 0) return ERROR_INVALID_PARAMETER;
        return call(name, () -> {
            Object item = kind == Kind.MFE ? mgm.mfe(sg(key)) : mgm.mfeStats(sg(key));
            Rec r = record(item, kind);
            if (r.size() > capacity) {
                pdwBufferSize[0] = r.size();
                return ERROR_INSUFFICIENT_BUFFER;
            }
            r.put(Win32Structs.le(pbBuffer));
            return NO_ERROR;
        });
    }

    private int enumerate(String name, SourceGroup after, int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries, Kind kind) {
        if (!out(pdwBufferSize) || !out(pdwNumEntries)) return ERROR_INVALID_PARAMETER;
        long capacity = capacity(pdwBufferSize[0], pbBuffer);
        if (capacity < 0) return ERROR_INVALID_PARAMETER;
        return call(name, () -> {
            ByteBuffer le = capacity == 0 ? null : Win32Structs.le(pbBuffer);
            long used = 0;
            int count = 0;
            SourceGroup cursor = after;
            while (true) {
                // Enough to fill the rest of the buffer with the smallest records, plus one to look ahead.
                int want = (int) Math.min(MAX_PAGE, (capacity - used) / kind.minSize + 1);
                List<?> page = kind == Kind.MFE ? mgm.mfes(cursor, want) : mgm.mfeStats(cursor, want);
                if (page.isEmpty()) {
                    pdwNumEntries[0] = count;
                    return ERROR_NO_MORE_ITEMS;
                }
                for (Object item : page) {
                    Rec r = record(item, kind);
                    if (used + r.size() > capacity) {
                        pdwNumEntries[0] = count;
                        if (count > 0) return ERROR_MORE_DATA;
                        pdwBufferSize[0] = r.size();
                        return ERROR_INSUFFICIENT_BUFFER;
                    }
                    r.put(le);
                    used += r.size();
                    count++;
                    cursor = keyOf(item);
                }
            }
        });
    }

    @FunctionalInterface
    private interface Body {
        int run();
    }

    private static int call(String function, Body body) {
        try {
            return body.run();
        } catch (MgmException e) {
            return e.win32Code();
        } catch (IllegalArgumentException e) {
            return ERROR_INVALID_PARAMETER;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, function + " failed: " + e, e);
            return ERROR_CAN_NOT_COMPLETE;
        }
    }

    /** An open group enumeration: the service's cursor plus records fetched ahead to know whether more remain. */
    private static final class Enumeration {
        final long owner;
        final GroupEnumeration cursor;
        final ArrayDeque<MembershipKey> ahead = new ArrayDeque<>();
        boolean exhausted;

        Enumeration(long owner, GroupEnumeration cursor) {
            this.owner = owner;
            this.cursor = cursor;
        }

        synchronized int next(long capacity, int[] pdwBufferSize, ByteBuffer pbBuffer, int[] pdwNumEntries) {
            long fit = capacity / Win32Structs.SIZEOF_SOURCE_GROUP_ENTRY;
            long need = fit + 1;
            while (!exhausted && ahead.size() < need) {
                List<MembershipKey> more = cursor.next((int) Math.min(4096, need - ahead.size()));
                if (more.isEmpty()) exhausted = true;
                else ahead.addAll(more);
            }
            if (ahead.isEmpty()) {
                pdwNumEntries[0] = 0;
                return ERROR_NO_MORE_ITEMS;
            }
            if (fit == 0) {
                pdwBufferSize[0] = Win32Structs.SIZEOF_SOURCE_GROUP_ENTRY;
                pdwNumEntries[0] = 0;
                return ERROR_INSUFFICIENT_BUFFER;
            }
            ByteBuffer le = Win32Structs.le(pbBuffer);
            int count = 0;
            while (count < fit && !ahead.isEmpty()) {
                SourceGroupEntry.of(ahead.poll()).put(le);
                count++;
            }
            pdwNumEntries[0] = count;
            return ahead.isEmpty() ? ERROR_NO_MORE_ITEMS : ERROR_MORE_DATA;
        }

        synchronized void end() {
            ahead.clear();
            exhausted = true;
            try {
                cursor.close();
            } catch (MgmException e) {
                // already invalid on the service side (protocol gone): nothing left to release
            }
        }
    }
}
