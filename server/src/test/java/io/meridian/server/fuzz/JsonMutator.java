package io.meridian.server.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns a valid request body into a hostile one, from a seeded {@link Random}: malformed JSON,
 * wrong types, huge values, deep nesting, unicode and control characters, path traversal in
 * names, unknown enum values, missing and unknown fields. Each mutation says what it did.
 */
final class JsonMutator {

    /** One generated input: what was done, and the body text. */
    record Input(String mutation, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TRAVERSAL = {"../../etc/passwd", "..%2f..%2fetc", "/absolute", "a/../../b", "..",
            "%2e%2e", "a\\..\\b", "~root", "a/./b", "name\u0000.png"};
    private static final String[] ODD_STRINGS = {"", " ", "\u0000", "\u0007bell", "\ud83d\ude00", "\u202eevil", "\ufeff",
            "a\nb", "\"quoted\"", "<script>", "' OR 1=1 --", "${jndi:ldap://x}", "NaN", "-0", "\u00e9\u0301",
            "\ud800", "\uffff"};

    private final Random random;

    JsonMutator(Random random) {
        this.random = random;
    }

    Input mutate(String validJson) {
        int kind = random.nextInt(10);
        return switch (kind) {
            case 0 -> malformed(validJson);
            case 1 -> wrongType(validJson);
            case 2 -> huge(validJson);
            case 3 -> deep();
            case 4 -> oddString(validJson);
            case 5 -> traversal(validJson);
            case 6 -> unknownEnum(validJson);
            case 7 -> dropOrAdd(validJson);
            case 8 -> controlBytes(validJson);
            default -> stacked(validJson);
        };
    }

    private Input malformed(String json) {
        return switch (random.nextInt(6)) {
            case 0 -> new Input("truncated", json.substring(0, random.nextInt(Math.max(1, json.length()))));
            case 1 -> {
                int at = random.nextInt(json.length());
                yield new Input("stray character", json.substring(0, at) + "{[\":,}]\\".charAt(random.nextInt(8))
                        + json.substring(at));
            }
            case 2 -> new Input("not JSON", "name=x&url=y");
            case 3 -> new Input("empty body", "");
            case 4 -> new Input("trailing garbage", json + "}}}");
            default -> new Input("bare value", List.of("null", "42", "\"s\"", "[]", "true").get(random.nextInt(5)));
        };
    }

    private Input wrongType(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        String path = paths.get(random.nextInt(paths.size()));
        JsonNode value = switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextLong());
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.arrayNode().add("x").add(1);
            case 3 -> NODES.objectNode().put("x", 1);
            case 4 -> NODES.nullNode();
            default -> NODES.numberNode(1e308 * 10);
        };
        set(root, path, value);
        return new Input("wrong type at " + path, root.toString());
    }

    private Input huge(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        String path = paths.get(random.nextInt(paths.size()));
        if (random.nextBoolean()) {
            set(root, path, NODES.stringNode("x".repeat(1 + random.nextInt(2 * 1024 * 1024))));
            return new Input("huge string at " + path, root.toString());
        }
        ArrayNode many = NODES.arrayNode();
        int n = 1 + random.nextInt(50_000);
        for (int i = 0; i < n; i++) {
            many.add("r" + i);
        }
        set(root, path, many);
        return new Input("array of " + n + " at " + path, root.toString());
    }

    private Input deep() {
        int depth = 200 + random.nextInt(20_000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return new Input("nesting depth " + depth, open.repeat(depth) + "1" + close.repeat(depth));
    }

    private Input oddString(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        String path = stringPath(root);
        String odd = ODD_STRINGS[random.nextInt(ODD_STRINGS.length)];
        set(root, path, NODES.stringNode(random.nextBoolean() ? odd : randomUnicode()));
        return new Input("odd string at " + path, root.toString());
    }

    private Input traversal(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        String path = stringPath(root);
        set(root, path, NODES.stringNode(TRAVERSAL[random.nextInt(TRAVERSAL.length)]));
        return new Input("path traversal at " + path, root.toString());
    }

    private Input unknownEnum(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        String path = stringPath(root);
        set(root, path, NODES.stringNode(List.of("BOGUS", "unknown", "DISTRIBUTION", "event ", "Manual", "null")
                .get(random.nextInt(6))));
        return new Input("unknown value at " + path, root.toString());
    }

    private Input dropOrAdd(String json) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        String path = paths.get(random.nextInt(paths.size()));
        if (random.nextBoolean()) {
            remove(root, path);
            return new Input("missing " + path, root.toString());
        }
        root.put("unexpected" + random.nextInt(100), "x");
        return new Input("unknown field", root.toString());
    }

    private Input controlBytes(String json) {
        StringBuilder b = new StringBuilder(json);
        int at = 1 + random.nextInt(Math.max(1, json.length() - 1));
        b.insert(at, (char) random.nextInt(0x20));
        return new Input("raw control character", b.toString());
    }

    private Input stacked(String json) {
        Input first = wrongType(json);
        try {
            JSON.readTree(first.body());
            return new Input(first.mutation() + " + unknown field",
                    ((ObjectNode) JSON.readTree(first.body())).put("zz", randomUnicode()).toString());
        } catch (RuntimeException e) {
            return first;
        }
    }

    private String randomUnicode() {
        StringBuilder s = new StringBuilder();
        int n = 1 + random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x20) : random.nextInt(0x2FFFF));
        }
        return s.toString();
    }

    private String stringPath(ObjectNode root) {
        List<String> paths = new ArrayList<>();
        collect(root, "", paths);
        List<String> strings = paths.stream().filter(p -> get(root, p).isString()).toList();
        return strings.isEmpty() ? paths.get(random.nextInt(paths.size())) : strings.get(random.nextInt(strings.size()));
    }

    /** Every leaf and container below the root, as dotted paths with [i] for array elements. */
    private static void collect(JsonNode node, String prefix, List<String> out) {
        if (node.isObject()) {
            node.propertyNames().forEach(name -> {
                String p = prefix.isEmpty() ? name : prefix + "." + name;
                out.add(p);
                collect(node.get(name), p, out);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = prefix + "[" + i + "]";
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    private static JsonNode get(JsonNode root, String path) {
        JsonNode node = root;
        for (String step : steps(path)) {
            node = step.startsWith("[") ? node.get(Integer.parseInt(step.substring(1, step.length() - 1))) : node.get(step);
        }
        return node;
    }

    private static void set(JsonNode root, String path, JsonNode value) {
        List<String> steps = steps(path);
        JsonNode parent = get(root, String.join("", steps.subList(0, steps.size() - 1).stream()
                .map(s -> s.startsWith("[") ? s : "." + s).toList()).replaceFirst("^\\.", ""));
        String last = steps.get(steps.size() - 1);
        if (last.startsWith("[")) {
            ((ArrayNode) parent).set(Integer.parseInt(last.substring(1, last.length() - 1)), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
    }

    private static void remove(JsonNode root, String path) {
        List<String> steps = steps(path);
        JsonNode parent = get(root, String.join("", steps.subList(0, steps.size() - 1).stream()
                .map(s -> s.startsWith("[") ? s : "." + s).toList()).replaceFirst("^\\.", ""));
        String last = steps.get(steps.size() - 1);
        if (last.startsWith("[")) {
            ((ArrayNode) parent).remove(Integer.parseInt(last.substring(1, last.length() - 1)));
        } else {
            ((ObjectNode) parent).remove(last);
        }
    }

    private static List<String> steps(String path) {
        List<String> steps = new ArrayList<>();
        for (String part : path.split("\\.")) {
            if (part.isEmpty()) {
                continue;
            }
            int bracket = part.indexOf('[');
            if (bracket < 0) {
                steps.add(part);
                continue;
            }
            if (bracket > 0) {
                steps.add(part.substring(0, bracket));
            }
            for (int i = bracket; i < part.length(); ) {
                int end = part.indexOf(']', i);
                steps.add(part.substring(i, end + 1));
                i = end + 1;
            }
        }
        return steps;
    }
}
