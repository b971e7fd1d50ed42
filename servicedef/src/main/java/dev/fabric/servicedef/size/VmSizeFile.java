package dev.fabric.servicedef.size;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.model.VmSize;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The user's sizes file: one size per line, {@code name cores memoryMiB}, separated by blanks;
 * {@code #} starts a comment. Example: {@code Lab_Tiny 1 512}.
 */
final class VmSizeFile {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    record Result(List<VmSize> sizes, List<Diagnostic> diagnostics) {
    }

    private VmSizeFile() {
    }

    static Result read(Path file) {
        String name = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new Result(List.of(), List.of(Diagnostic.error(name, 1, 1,
                    "VM sizes file does not exist (named by $" + VmSizeCatalog.ENV_VARIABLE + " or the default "
                            + VmSizeCatalog.DEFAULT_FILE + ")")));
        } catch (IOException e) {
            return new Result(List.of(), List.of(Diagnostic.error(name, 1, 1, "cannot read VM sizes file: " + e)));
        }
        List<VmSize> sizes = new ArrayList<>();
        List<Diagnostic> problems = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i);
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (content.isEmpty()) {
                continue;
            }
            int column = line.indexOf(content.charAt(0)) + 1;
            String[] fields = content.split("\\s+");
            if (fields.length != 3) {
                problems.add(Diagnostic.error(name, lineNo, column,
                        "expected 'name cores memoryMiB' (three fields), found " + fields.length));
                continue;
            }
            if (!NAME.matcher(fields[0]).matches()) {
                problems.add(Diagnostic.error(name, lineNo, column, "'" + fields[0] + "' is not a size name "
                        + "(letters, digits, _ . -, starting with a letter)"));
                continue;
            }
            Integer cores = positive(fields[1], 1024);
            Integer memory = positive(fields[2], 16 * 1024 * 1024);
            if (cores == null) {
                problems.add(Diagnostic.error(name, lineNo, column, "cores '" + fields[1] + "' of size " + fields[0]
                        + " is not a whole number from 1 to 1024"));
                continue;
            }
            if (memory == null) {
                problems.add(Diagnostic.error(name, lineNo, column, "memoryMiB '" + fields[2] + "' of size " + fields[0]
                        + " is not a whole number of MiB from 1 to 16777216"));
                continue;
            }
            Integer first = seen.putIfAbsent(fields[0].toLowerCase(Locale.ROOT), lineNo);
            if (first != null) {
                problems.add(Diagnostic.error(name, lineNo, column, "size " + fields[0] + " is already defined on line " + first));
                continue;
            }
            sizes.add(new VmSize(fields[0], cores, memory));
        }
        return new Result(sizes, problems);
    }

    private static Integer positive(String text, int max) {
        try {
            int v = Integer.parseInt(text);
            return v >= 1 && v <= max ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
