package dev.fabric.servicedef;

import dev.fabric.servicedef.parse.ConfigurationDoc;
import dev.fabric.servicedef.parse.ConfigurationParser;
import dev.fabric.servicedef.parse.DefinitionDoc;
import dev.fabric.servicedef.parse.DefinitionParser;
import dev.fabric.servicedef.parse.Parsed;
import dev.fabric.servicedef.resolve.ServiceResolver;
import dev.fabric.servicedef.size.VmSizeCatalog;
import dev.fabric.servicedef.xml.SafeXmlReader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Entry point: load and validate a service definition and (optionally) its configuration. */
public final class ServiceDefinitions {
    private ServiceDefinitions() {
    }

    /**
     * Parses and validates {@code csdef} and, when not null, {@code cscfg}. Without a cscfg every
     * role has one instance and no setting values. Never throws for bad input: problems come back as
     * diagnostics naming file, line and column. VM sizes: built in plus the user's sizes file
     * ({@code $FABRIC_VM_SIZES}, else {@code /etc/fabric/vm-sizes.conf} when it exists).
     */
    public static Validation load(Path csdef, Path cscfg) {
        return load(csdef, cscfg, VmSizeCatalog.fromEnvironment());
    }

    /** As {@link #load(Path, Path)}, with an explicit size catalog. */
    public static Validation load(Path csdef, Path cscfg, VmSizeCatalog sizes) {
        SafeXmlReader xml = new SafeXmlReader();
        Parsed<DefinitionDoc> def = new DefinitionParser(xml).parse(csdef);
        Optional<Parsed<ConfigurationDoc>> cfg = Optional.ofNullable(cscfg).map(p -> new ConfigurationParser(xml).parse(p));

        List<Diagnostic> diagnostics = new ArrayList<>(sizes.diagnostics());
        diagnostics.addAll(def.diagnostics());
        cfg.ifPresent(c -> diagnostics.addAll(c.diagnostics()));
        List<String> ignored = new ArrayList<>();
        def.document().ifPresent(d -> ignored.addAll(d.ignored()));
        cfg.flatMap(Parsed::document).ifPresent(c -> ignored.addAll(c.ignored()));

        boolean structurallyBroken = diagnostics.stream().anyMatch(Diagnostic::isError)
                || def.document().isEmpty() || cfg.map(c -> c.document().isEmpty()).orElse(false);
        if (structurallyBroken) {
            // Cross-checks on a half-read file mostly repeat the structural errors; report those first.
            return new Validation(Optional.empty(), sorted(diagnostics, csdef, cscfg), ignored);
        }
        ServiceResolver.Result result = new ServiceResolver(sizes).resolve(def.document().get(),
                cfg.flatMap(Parsed::document), cscfg == null ? "" : String.valueOf(cscfg.getFileName()));
        diagnostics.addAll(result.diagnostics());
        return new Validation(result.service(), sorted(diagnostics, csdef, cscfg), ignored);
    }

    /** File order: the sizes file, the csdef, the cscfg; inside a file by line and column. */
    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics, Path csdef, Path cscfg) {
        String def = csdef.toString();
        String cfg = cscfg == null ? null : cscfg.toString();
        Comparator<Diagnostic> byFile = Comparator.comparingInt(d -> d.file().equals(def) ? 1 : d.file().equals(cfg) ? 2 : 0);
        return diagnostics.stream()
                .sorted(byFile.thenComparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column))
                .toList();
    }
}
