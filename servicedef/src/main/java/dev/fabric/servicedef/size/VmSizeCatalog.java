package dev.fabric.servicedef.size;

import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.model.VmSize;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The VM sizes a definition may name: the built-in table plus the user's sizes file, if any.
 * Names match case-insensitively (real files write {@code small} as well as {@code Small}); a
 * user size with a built-in name replaces it.
 */
public final class VmSizeCatalog {
    public static final String ENV_VARIABLE = "FABRIC_VM_SIZES";
    public static final Path DEFAULT_FILE = Path.of("/etc/fabric/vm-sizes.conf");

    private final Map<String, VmSize> byLowerName;
    private final Optional<Path> userFile;
    private final List<Diagnostic> diagnostics;

    private VmSizeCatalog(Map<String, VmSize> byLowerName, Optional<Path> userFile, List<Diagnostic> diagnostics) {
        this.byLowerName = byLowerName;
        this.userFile = userFile;
        this.diagnostics = List.copyOf(diagnostics);
    }

    public static VmSizeCatalog builtIn() {
        return new VmSizeCatalog(index(BuiltInSizes.ALL, List.of()), Optional.empty(), List.of());
    }

    /** Built-in sizes plus {@code $FABRIC_VM_SIZES}, or {@code /etc/fabric/vm-sizes.conf} when it exists. */
    public static VmSizeCatalog fromEnvironment() {
        String env = System.getenv(ENV_VARIABLE);
        if (env != null && !env.isBlank()) {
            return withFile(Path.of(env));
        }
        return Files.exists(DEFAULT_FILE) ? withFile(DEFAULT_FILE) : builtIn();
    }

    /** Built-in sizes plus the sizes in {@code file}; problems in the file come back as diagnostics. */
    public static VmSizeCatalog withFile(Path file) {
        VmSizeFile.Result read = VmSizeFile.read(file);
        return new VmSizeCatalog(index(BuiltInSizes.ALL, read.sizes()), Optional.of(file), read.diagnostics());
    }

    public Optional<VmSize> find(String name) {
        return Optional.ofNullable(byLowerName.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Problems found in the user's sizes file (errors). */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Where sizes come from, for the error about an unknown size. */
    public String describeSources() {
        String builtIn = "the built-in sizes are ExtraSmall, Small, Medium, Large, ExtraLarge, A5-A7, Standard_D1-D4, "
                + "Standard_D11-D14, Standard_D1_v2-D5_v2, Standard_D11_v2-D14_v2";
        return userFile.map(f -> builtIn + "; more sizes are defined in " + f)
                .orElse(builtIn + "; add sizes in " + DEFAULT_FILE + " or the file named by $" + ENV_VARIABLE
                        + " (lines: name cores memoryMiB)");
    }

    private static Map<String, VmSize> index(List<VmSize> builtIn, List<VmSize> user) {
        Map<String, VmSize> all = new LinkedHashMap<>();
        for (VmSize s : builtIn) {
            all.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        for (VmSize s : user) {
            all.put(s.name().toLowerCase(Locale.ROOT), s);
        }
        return all;
    }

    /** Exposed for listing, e.g. by a status command. */
    public List<VmSize> sizes() {
        return new ArrayList<>(byLowerName.values());
    }
}
