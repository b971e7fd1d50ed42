package dev.fabric.agent.configdrive;

/** Quoting for the three text forms on a config drive: JSON strings (also valid YAML), and POSIX shell. */
final class Quoting {
    private Quoting() {
    }

    /** A JSON string literal; YAML accepts it as a double-quoted scalar. */
    static String json(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isSurrogate(c) || c == 0x2028 || c == 0x2029) {
                        // Escaped so neither JSON nor YAML readers trip over control or surrogate code units.
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A single-quoted shell word: safe to source, whatever the value holds. */
    static String shell(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
