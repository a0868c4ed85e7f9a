package org.openmgm.netlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A process started in a namespace by {@link Node#start}; killed (with its descendants) on {@link #close()}. */
public final class BackgroundProcess implements AutoCloseable {
    private final String label;
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BackgroundProcess(String label, Process process, Path stdout, Path stderr) {
        this.label = label;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static BackgroundProcess start(String label, List<String> cmd, Path out, Path err) {
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            return new BackgroundProcess(label, p, out, err);
        } catch (IOException e) {
            throw new NetlabException("cannot start " + String.join(" ", cmd), e);
        }
    }

    public String label() {
        return label;
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    public Path stdoutFile() {
        return stdout;
    }

    public Path stderrFile() {
        return stderr;
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Waits for the process to exit by itself; returns its exit code, or throws if it is still running after {@code timeout}. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
                throw new NetlabException(label + " still running after " + timeout);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlabException("interrupted", e);
        }
    }

    /** Sends SIGTERM, waits up to 2 s, then SIGKILL; descendants too. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) return;
        List<ProcessHandle> kids = process.descendants().toList();
        process.destroy();
        kids.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kids.forEach(ProcessHandle::destroyForcibly);
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String toString() {
        return label + "[" + process.pid() + "]";
    }
}
