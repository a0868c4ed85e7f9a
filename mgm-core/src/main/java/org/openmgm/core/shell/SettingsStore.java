package org.openmgm.core.shell;

/** Where the static client saves its memberships: Configuration Admin in the router, a map in tests. */
interface SettingsStore {
    /** Sets {@code key} of configuration {@code pid}, keeping its other properties. */
    void put(String pid, String key, Object value) throws Exception;
}
