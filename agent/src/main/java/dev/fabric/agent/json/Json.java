package dev.fabric.agent.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * JSON text through Jackson, for files and output people and scripts read: the config drive's JSON
 * file and YAML scalars, and {@code fabric agent status --json}. Strings are escaped so the text is also
 * valid YAML (a JSON string is a YAML double-quoted scalar): besides JSON's own escapes, DEL, the C1
 * controls, U+2028/U+2029, surrogates and U+FFFE/U+FFFF, which YAML does not allow unescaped.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectWriter PRETTY;

    static {
        MAPPER.getFactory().setCharacterEscapes(new YamlSafeEscapes());
        DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
        // {"key": value}, one member or element a line, and {} / [] when empty: easy to read and to diff
        PRETTY = MAPPER.writer(new DefaultPrettyPrinter(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(twoSpaces).withArrayIndenter(twoSpaces));
    }

    private Json() {
    }

    /**
     * Maps, lists, strings, numbers, booleans and null (or anything else Jackson can serialise) as indented
     * JSON text with a final newline.
     */
    public static String pretty(Object value) {
        return write(PRETTY, value) + "\n";
    }

    /** A JSON string literal, also a valid YAML double-quoted scalar. */
    public static String quoted(String s) {
        return write(MAPPER.writer(), s);
    }

    private static String write(ObjectWriter writer, Object value) {
        try {
            return writer.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("no JSON form for " + value.getClass().getName() + ": " + e.getOriginalMessage(), e);
        }
    }

    private static final class YamlSafeEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        YamlSafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            boolean unsafe = (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029 || (c >= 0xd800 && c <= 0xdfff)
                    || c == 0xfffe || c == 0xffff;
            return unsafe ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
