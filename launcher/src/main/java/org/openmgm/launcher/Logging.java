package org.openmgm.launcher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * java.util.logging set up for the router: one line per record, to the console (stderr) and to
 * {@code <home>/log/openmgm.log}. Components log with {@link System#getLogger}, whose default backend
 * is java.util.logging, so their lines land here too.
 */
final class Logging {
    /** Strong references: java.util.logging keeps configured loggers only weakly. */
    private static final java.util.List<Logger> OWN = new java.util.ArrayList<>();

    private Logging() {}

    /** Must run before anything touches java.util.logging. */
    static void preinit() {
        System.setProperty("java.util.logging.manager", ShutdownSafeLogManager.class.getName());
    }

    static void configure(Path logDir, Level consoleLevel, Level level) throws IOException {
        Files.createDirectories(logDir);
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) root.removeHandler(h);
        OneLineFormatter formatter = new OneLineFormatter();
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(formatter);
        console.setLevel(consoleLevel);
        FileHandler file = new FileHandler(logDir.resolve("openmgm%g.log").toString(), 10 * 1024 * 1024, 5, true);
        file.setFormatter(formatter);
        file.setLevel(level);
        file.setEncoding("UTF-8");
        root.addHandler(console);
        root.addHandler(file);
        // The chosen level applies to OpenMGM's own loggers; the framework-level bundles (SCR, FileInstall,
        // jline...) stay at INFO, or SCR's DEBUG output would bury everything else.
        root.setLevel(level.intValue() < Level.INFO.intValue() ? Level.INFO : level);
        Logger.getLogger("org.openmgm").setLevel(level);
        OWN.add(Logger.getLogger("org.openmgm"));
    }

    /** Flushes and closes the handlers; called last, after the framework has stopped. */
    static void shutdown() {
        if (LogManager.getLogManager() instanceof ShutdownSafeLogManager m) m.reallyReset();
    }

    /** {@code 2026-11-21T17:02:03.123Z INFO  org.openmgm.core: message}, plus a stack trace only for records that carry one. */
    static final class OneLineFormatter extends Formatter {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

        @Override
        public String format(LogRecord r) {
            StringBuilder sb = new StringBuilder(128);
            TIME.formatTo(Instant.ofEpochMilli(r.getMillis()), sb);
            sb.append(' ').append(levelName(r.getLevel())).append(' ');
            String name = r.getLoggerName();
            if (name != null && !name.isEmpty()) sb.append(name).append(": ");
            sb.append(formatMessage(r)).append(System.lineSeparator());
            if (r.getThrown() != null) {
                StringWriter sw = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(sw));
                sb.append(sw);
            }
            return sb.toString();
        }

        private static String levelName(Level l) {
            if (l.intValue() >= Level.SEVERE.intValue()) return "ERROR";
            if (l.intValue() >= Level.WARNING.intValue()) return "WARN ";
            if (l.intValue() >= Level.INFO.intValue()) return "INFO ";
            return "DEBUG";
        }
    }
}
