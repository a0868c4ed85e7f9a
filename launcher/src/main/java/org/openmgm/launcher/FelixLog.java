package org.openmgm.launcher;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Sends the framework's own log (resolution failures, listener exceptions) to the launcher's log. */
final class FelixLog extends org.apache.felix.framework.Logger {
    private static final System.Logger LOG = System.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        System.Logger.Level l = switch (level) {
            case LOG_ERROR -> System.Logger.Level.ERROR;
            case LOG_WARNING -> System.Logger.Level.WARNING;
            case LOG_INFO -> System.Logger.Level.INFO;
            default -> System.Logger.Level.DEBUG;
        };
        String who = bundle != null ? "[" + bundle.getSymbolicName() + "] " : "";
        String why = throwable != null ? ": " + Wire.oneLine(throwable) : "";
        LOG.log(l, who + msg + why);
    }
}
