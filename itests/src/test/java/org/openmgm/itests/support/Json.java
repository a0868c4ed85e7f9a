package org.openmgm.itests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;

/** Reading command JSON: parse, and look for an object anywhere in the tree with given field values. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** True if some object in {@code node} (at any depth) has every field of {@code fields} with that text value. */
    public static boolean hasObject(JsonNode node, Map<String, String> fields) {
        if (node == null) return false;
        if (node.isObject()) {
            boolean all = true;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                JsonNode v = node.get(f.getKey());
                if (v == null || !v.asText().equals(f.getValue())) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) if (hasObject(it.next(), fields)) return true;
        return false;
    }
}
