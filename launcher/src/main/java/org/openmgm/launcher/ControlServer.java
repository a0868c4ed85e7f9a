package org.openmgm.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Runs one Gogo command per connection on {@code <home>/run/openmgm.sock} for {@code openmgm-ctl}.
 *
 * <p>Wire format (UTF-8): the client sends one command line and shuts its output down; the server
 * answers {@code OK\n} followed by the command's output, or {@code ERROR\n} followed by a one-line
 * reason, and closes. Only a UNIX domain socket, owner-only (directory 0700, socket 0600): whoever
 * can connect can run any shell command, so the file system is the access control.
 *
 * <p>The shell is reached through the framework's service registry by reflection, so the launcher
 * does not share Gogo's classes with the bundles.
 */
final class ControlServer implements AutoCloseable {
    private static final String OK = Wire.OK;
    private static final String ERROR = Wire.ERROR;
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";
    private static final int MAX_REQUEST = 64 * 1024;
    private static final System.Logger LOG = System.getLogger("org.openmgm.launcher.ctl");

    private final Path socket;
    private final BundleContext context;
    private ServerSocketChannel server;
    private Thread acceptor;

    ControlServer(Path socket, BundleContext context) {
        this.socket = socket;
        this.context = context;
    }

    /** Binds the socket; fails if another router answers on it. A stale socket file is replaced. */
    void start() throws IOException {
        Path dir = socket.getParent();
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        if (answering(socket)) throw new IOException("another OpenMGM is already running (it answers on " + socket + ")");
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        acceptor = Thread.ofPlatform().daemon().name("openmgm-ctl-server").start(this::acceptLoop);
    }

    /** True if a router answers on {@code socket}. */
    static boolean answering(Path socket) {
        if (!Files.exists(socket)) return false;
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            return true;
        } catch (IOException stale) {
            return false;
        }
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "control socket accept failed: " + e.getMessage());
                return;
            }
            Thread.ofVirtual().name("openmgm-ctl").start(() -> serve(ch));
        }
    }

    private void serve(SocketChannel ch) {
        try (ch; InputStream in = Channels.newInputStream(ch); OutputStream out = Channels.newOutputStream(ch)) {
            byte[] request = in.readNBytes(MAX_REQUEST + 1);
            String reply;
            if (request.length > MAX_REQUEST) {
                reply = ERROR + "\ncommand longer than " + MAX_REQUEST + " bytes\n";
            } else {
                String line = new String(request, StandardCharsets.UTF_8).strip();
                reply = execute(line);
            }
            out.write(reply.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "control connection: " + e.getMessage());
        }
    }

    /** Runs {@code line} in a fresh Gogo session; returns the wire reply. */
    String execute(String line) {
        if (line.isEmpty()) return ERROR + "\nno command given\n";
        ServiceReference<?> ref = context.getServiceReference(PROCESSOR);
        if (ref == null) return ERROR + "\nthe shell is not running yet (no CommandProcessor service)\n";
        Object processor = context.getService(ref);
        if (processor == null) return ERROR + "\nthe shell went away\n";
        try {
            Class<?> processorType = ref.getBundle().loadClass(PROCESSOR);
            Class<?> sessionType = ref.getBundle().loadClass(SESSION);
            Method create = processorType.getMethod("createSession", InputStream.class, OutputStream.class, OutputStream.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Object session = create.invoke(processor, InputStream.nullInputStream(), out, err);
            try {
                Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, line);
                if (result != null) {
                    Object text = sessionType.getMethod("format", Object.class, int.class).invoke(session, result, 0);
                    out.write(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
                }
            } finally {
                sessionType.getMethod("close").invoke(session);
            }
            String body = out.toString(StandardCharsets.UTF_8);
            if (!body.isEmpty() && !body.endsWith("\n")) body += "\n";
            return OK + "\n" + body;
        } catch (InvocationTargetException e) {
            return ERROR + "\n" + Wire.oneLine(e.getCause()) + "\n";
        } catch (ReflectiveOperationException | RuntimeException | IOException e) {
            LOG.log(System.Logger.Level.WARNING, "control command '" + line + "' failed in the launcher: " + e);
            return ERROR + "\n" + Wire.oneLine(e) + "\n";
        } finally {
            try {
                context.ungetService(ref);
            } catch (IllegalStateException stopping) {
                // framework stopping
            }
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove control socket " + socket + ": " + e.getMessage());
        }
    }

}
