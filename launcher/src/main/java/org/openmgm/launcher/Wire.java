package org.openmgm.launcher;

import java.lang.reflect.InvocationTargetException;

/** The control socket's reply status words and error text, shared by server and client (no OSGi types, so the client loads fast). */
final class Wire {
    static final String OK = "OK";
    static final String ERROR = "ERROR";

    private Wire() {}

    /** The first line of the innermost useful message, never a stack trace. */
    static String oneLine(Throwable t) {
        Throwable c = t;
        while ((c instanceof InvocationTargetException || c.getMessage() == null) && c.getCause() != null) c = c.getCause();
        String m = c.getMessage();
        if (m == null || m.isBlank()) m = c.getClass().getSimpleName();
        m = m.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
