package org.openmgm.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code bin/openmgm-ctl CMD [ARGS]}: runs one Gogo command in the running router over
 * {@code <home>/run/openmgm.sock} and prints its output. Exit status 0 on success, 1 when the command
 * failed (reason on stderr, also when there is no answer within {@code -Dopenmgm.ctl.timeout} seconds,
 * default 120), 2 for a usage error, 3 when the router is not running.
 */
public final class Ctl {
    private Ctl() {}

    public static void main(String[] args) {
        long timeout = Long.getLong("openmgm.ctl.timeout", 120);
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(timeout * 1000);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("openmgm-ctl: no answer from the router within " + timeout + " s");
            System.exit(1);
        }, "ctl-timeout");
        watchdog.setDaemon(true);
        watchdog.start();
        System.exit(run(args, Path.of(System.getProperty("openmgm.home", ".")), System.out, System.err));
    }

    static int run(String[] args, Path home, java.io.PrintStream out, java.io.PrintStream err) {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            (args.length == 0 ? err : out).println("usage: openmgm-ctl COMMAND [ARGS...]   e.g. openmgm-ctl mgm:mfes -j");
            return args.length == 0 ? 2 : 0;
        }
        Path socket = home.resolve("run").resolve("openmgm.sock");
        if (!Files.exists(socket)) {
            err.println("openmgm-ctl: router not running (no socket " + socket + ")");
            return 3;
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            OutputStream o = Channels.newOutputStream(ch);
            o.write(commandLine(args).getBytes(StandardCharsets.UTF_8));
            o.flush();
            ch.shutdownOutput();
            InputStream in = Channels.newInputStream(ch);
            String reply = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int nl = reply.indexOf('\n');
            String status = nl < 0 ? reply : reply.substring(0, nl);
            String body = nl < 0 ? "" : reply.substring(nl + 1);
            if (Wire.OK.equals(status)) {
                out.print(body);
                out.flush();
                return 0;
            }
            if (Wire.ERROR.equals(status)) {
                err.println("openmgm-ctl: " + body.strip());
                return 1;
            }
            err.println("openmgm-ctl: unexpected reply from the router");
            return 1;
        } catch (java.net.SocketException | java.nio.channels.ClosedChannelException e) {
            err.println("openmgm-ctl: router not running (" + socket + ": " + Wire.oneLine(e) + ")");
            return 3;
        } catch (IOException e) {
            err.println("openmgm-ctl: " + Wire.oneLine(e));
            return 1;
        }
    }

    /** Joins the arguments into one Gogo command line, quoting those the Gogo parser would split or expand. */
    static String commandLine(String[] args) {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (!sb.isEmpty()) sb.append(' ');
            if (!a.isEmpty() && a.chars().allMatch(c -> Character.isLetterOrDigit(c) || "_.:/,=@+-%".indexOf(c) >= 0)) {
                sb.append(a);
            } else {
                sb.append('"');
                for (char c : a.toCharArray()) {
                    if (c == '"' || c == '\\' || c == '$') sb.append('\\');
                    sb.append(c);
                }
                sb.append('"');
            }
        }
        return sb.append('\n').toString();
    }
}
