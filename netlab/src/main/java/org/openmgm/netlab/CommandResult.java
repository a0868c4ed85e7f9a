package org.openmgm.netlab;

import java.util.List;

/** The outcome of a finished command: exit code and captured output. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this result, or throws {@link NetlabException} with the command and its stderr if it failed. */
    public CommandResult check() {
        if (exitCode != 0)
            throw new NetlabException("command failed (" + exitCode + "): " + String.join(" ", command) + ": " + stderr.strip());
        return this;
    }
}
