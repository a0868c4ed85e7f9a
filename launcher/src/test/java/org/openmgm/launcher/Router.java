package org.openmgm.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The real distribution ({@code launcher/target/openmgm}, assembled at {@code package}) copied to a fresh
 * folder and run as a process through {@code bin/openmgm}, driven through {@code bin/openmgm-ctl}.
 */
final class Router implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    final Path home;
    private Process process;

    private Router(Path home) {
        this.home = home;
    }

    /** A fresh copy of the assembled distribution (without runtime state). */
    static Router copy() throws IOException {
        Path dist = Path.of(System.getProperty("openmgm.dist", "target/openmgm"));
        if (!Files.isExecutable(dist.resolve("bin/openmgm"))) throw new IllegalStateException("distribution not assembled: " + dist);
        Path home = Files.createTempDirectory("openmgm-it-");
        copyTree(dist, home);
        for (String d : List.of("data/cache", "log", "run")) {
            deleteTree(home.resolve(d));
            Files.createDirectories(home.resolve(d));
        }
        return new Router(home);
    }

    Router start() throws IOException {
        process = new ProcessBuilder(home.resolve("bin/openmgm").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(home.resolve("console.out").toFile())
                .redirectErrorStream(true)
                .start();
        return this;
    }

    Process process() {
        return process;
    }

    /** Waits for the "ready in N ms" line; returns N. */
    long awaitReady() {
        await(READY_TIMEOUT, () -> log().contains("ready in ") || log().contains("not ready after") || !process.isAlive(), "ready");
        if (!process.isAlive()) throw new AssertionError("router exited with " + process.exitValue() + ":\n" + console());
        String line = log().lines().filter(l -> l.contains("ready in ")).findFirst()
                .orElseThrow(() -> new AssertionError("router not ready:\n" + log()));
        String n = line.substring(line.indexOf("ready in ") + 9);
        return Long.parseLong(n.substring(0, n.indexOf(' ')));
    }

    /** Sends SIGTERM and waits for the exit status. */
    int stop() throws InterruptedException {
        if (process == null) return -1;
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("router did not stop within 60 s after SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    String log() {
        return read(home.resolve("log/openmgm0.log"));
    }

    String console() {
        return read(home.resolve("console.out"));
    }

    record Result(int exit, String out, String err) {
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON (exit " + exit + ", stderr " + err + "): " + out, e);
            }
        }
    }

    Result ctl(String... args) {
        return run(Map.of(), "bin/openmgm-ctl", args);
    }

    Result run(Map<String, String> env, String script, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve(script).toString());
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Path out = Files.createTempFile(home, "ctl", ".out");
            Path err = Files.createTempFile(home, "ctl", ".err");
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " did not finish within 60 s");
            }
            Result r = new Result(p.exitValue(), read(out), read(err));
            Files.delete(out);
            Files.delete(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static void await(Duration timeout, BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (process != null && process.isAlive()) stop();
        } finally {
            deleteTree(home);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.getFileName().toString().endsWith(".sock"))
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
