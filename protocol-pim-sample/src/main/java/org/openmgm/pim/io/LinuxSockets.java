package org.openmgm.pim.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The handful of libc socket calls PIM needs, bound with FFM from the default lookup (no JNI, no
 * library file): socket, setsockopt, bind, sendto, recvfrom, poll, close, with errno captured.
 */
final class LinuxSockets {
    static final int AF_INET = 2, AF_PACKET = 17, SOCK_RAW = 3, SOCK_DGRAM = 2;
    static final int IPPROTO_IP = 0, IP_HDRINCL = 3;
    static final int SOL_SOCKET = 1, SO_RCVBUF = 8;
    static final int MSG_DONTWAIT = 0x40;
    static final short POLLIN = 1;
    static final int ETH_P_IP = 0x0800;
    static final int PACKET_OUTGOING = 4;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = downcall("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SENDTO = downcall("sendto", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECVFROM = downcall("recvfrom", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
    private static final MethodHandle POLL = downcall("poll", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    private LinuxSockets() {}

    private static MethodHandle downcall(String name, FunctionDescriptor fd) {
        MemorySegment sym = LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(sym, fd, ERRNO);
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    static int socket(int domain, int type, int protocol) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            int fd = (int) SOCKET.invokeExact(st, domain, type, protocol);
            if (fd < 0) throw new IOException("socket(" + domain + ", " + type + ", " + protocol + ") failed: errno " + errno(st));
            return fd;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("socket", t);
        }
    }

    static void setIntOption(int fd, int level, int option, int value) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment v = a.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            int rc = (int) SETSOCKOPT.invokeExact(st, fd, level, option, v, 4);
            if (rc < 0) throw new IOException("setsockopt(" + level + ", " + option + ") failed: errno " + errno(st));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("setsockopt", t);
        }
    }

    /** Binds an AF_PACKET socket to one interface for IPv4 frames. */
    static void bindPacket(int fd, int ifIndex) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment sll = a.allocate(20);
            sll.set(ValueLayout.JAVA_SHORT, 0, (short) AF_PACKET);
            sll.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 2, (short) ETH_P_IP);
            sll.set(ValueLayout.JAVA_INT, 4, ifIndex);
            int rc = (int) BIND.invokeExact(st, fd, sll, 20);
            if (rc < 0) throw new IOException("bind(AF_PACKET, if" + ifIndex + ") failed: errno " + errno(st));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("bind", t);
        }
    }

    /** sendto() an IPv4 destination (network-order int). */
    static void sendTo(int fd, byte[] data, int destination) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment buf = a.allocate(data.length);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment sin = a.allocate(16);
            sin.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            sin.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 4, destination);
            long n = (long) SENDTO.invokeExact(st, fd, buf, (long) data.length, 0, sin, 16);
            if (n < 0) throw new IOException("sendto failed: errno " + errno(st));
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("sendto", t);
        }
    }

    /** Waits up to {@code timeoutMillis} for input; true if readable. */
    static boolean pollIn(int fd, int timeoutMillis) throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(CALL_STATE);
            MemorySegment pfd = a.allocate(8);
            pfd.set(ValueLayout.JAVA_INT, 0, fd);
            pfd.set(ValueLayout.JAVA_SHORT, 4, POLLIN);
            int rc = (int) POLL.invokeExact(st, pfd, 1L, timeoutMillis);
            if (rc < 0) {
                int e = errno(st);
                if (e == 4) return false; // EINTR
                throw new IOException("poll failed: errno " + e);
            }
            return rc > 0 && (pfd.get(ValueLayout.JAVA_SHORT, 6) & POLLIN) != 0;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("poll", t);
        }
    }

    /**
     * Non-blocking recvfrom into {@code buf}; returns the length, or -1 when nothing is waiting.
     * {@code addr} (may be null) receives the sender's sockaddr (sockaddr_ll for AF_PACKET).
     */
    static int receive(int fd, MemorySegment buf, MemorySegment addr, MemorySegment addrLen, MemorySegment state) throws IOException {
        try {
            MemorySegment from = addr == null ? MemorySegment.NULL : addr;
            MemorySegment fromLen = addrLen == null ? MemorySegment.NULL : addrLen;
            long n = (long) RECVFROM.invokeExact(state, fd, buf, buf.byteSize(), MSG_DONTWAIT, from, fromLen);
            if (n < 0) {
                int e = errno(state);
                if (e == 11 || e == 4) return -1; // EAGAIN, EINTR
                throw new IOException("recvfrom failed: errno " + e);
            }
            return (int) n;
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("recvfrom", t);
        }
    }

    static MemorySegment callState(Arena a) {
        return a.allocate(CALL_STATE);
    }

    static void close(int fd) {
        try {
            try (Arena a = Arena.ofConfined()) {
                int rc = (int) CLOSE.invokeExact(a.allocate(CALL_STATE), fd);
                if (rc < 0) System.getLogger(LinuxSockets.class.getName()).log(System.Logger.Level.DEBUG, "close(" + fd + ") failed");
            }
        } catch (Throwable ignored) {
            // nothing more to do
        }
    }
}
