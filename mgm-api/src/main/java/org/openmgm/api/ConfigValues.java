package org.openmgm.api;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads list-valued configuration properties in every form Configuration Admin may hand them over:
 * a {@code String[]} or other array, a collection, one comma-separated string, or, when FileInstall
 * read a {@code .cfg} file without typed values, the text of the list ({@code [ "eth1", "eth2" ]}),
 * also as the single element of an array. Elements are trimmed, surrounding quotes removed, empty
 * ones dropped. Elements themselves cannot contain commas.
 */
public final class ConfigValues {
    private ConfigValues() {}

    public static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value == null) return out;
        if (value instanceof Object[] a) {
            for (Object o : a) addParts(out, o);
        } else if (value instanceof Collection<?> c) {
            for (Object o : c) addParts(out, o);
        } else {
            addParts(out, value);
        }
        return out;
    }

    private static void addParts(List<String> out, Object element) {
        if (element == null) return;
        String s = element.toString().trim();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        for (String part : s.split(",")) {
            String p = part.trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) p = p.substring(1, p.length() - 1).trim();
            if (!p.isEmpty()) out.add(p);
        }
    }
}
