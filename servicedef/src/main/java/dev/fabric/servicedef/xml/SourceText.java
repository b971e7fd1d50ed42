package dev.fabric.servicedef.xml;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A decoded input file plus a table of line starts, so that character offsets reported by the
 * XML reader become the line:column people see in their editor (a tab counts as one column).
 */
final class SourceText {
    private final String file;
    private final String text;
    private final int[] lineStarts;

    private SourceText(String file, String text) {
        this.file = file;
        this.text = text;
        this.lineStarts = lineStarts(text);
    }

    /** Decodes UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is refused. */
    static SourceText decode(String file, byte[] bytes) throws XmlProblem {
        Charset charset = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            skip = 3;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff) {
            charset = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe) {
            charset = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        try {
            String text = charset.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, skip, bytes.length - skip))
                    .toString();
            return new SourceText(file, text);
        } catch (CharacterCodingException e) {
            throw new XmlProblem(new Where(file, 1, 1),
                    "file is not valid " + charset.name() + " text; save it as UTF-8");
        }
    }

    String text() {
        return text;
    }

    Where at(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int index = Arrays.binarySearch(lineStarts, clamped);
        int line = index >= 0 ? index : -index - 2;
        return new Where(file, line + 1, clamped - lineStarts[line] + 1);
    }

    /**
     * The offset of the {@code <} that opens the tag ending just before {@code endOffset}. Attribute
     * values cannot contain a literal {@code <}, so the nearest one before the end is the tag's.
     */
    int tagStart(int endOffset) {
        int i = Math.min(endOffset, text.length()) - 1;
        while (i > 0 && text.charAt(i) != '<') {
            i--;
        }
        return Math.max(i, 0);
    }

    /** Offset of attribute {@code name} inside the tag {@code [tagStart, tagEnd)}, or -1. */
    int attributeOffset(int tagStart, int tagEnd, String name) {
        String tag = text.substring(tagStart, Math.min(tagEnd, text.length()));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\s(" + java.util.regex.Pattern.quote(name) + ")\\s*=")
                .matcher(tag);
        return m.find() ? tagStart + m.start(1) : -1;
    }

    private static int[] lineStarts(String text) {
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'));
            if (lineBreak) {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        return Arrays.copyOf(starts, count);
    }
}
