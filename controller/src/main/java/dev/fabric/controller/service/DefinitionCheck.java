package dev.fabric.controller.service;

import dev.fabric.controller.api.ApiException;
import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Validates a definition the controller received as text, exactly as {@code fabric validate} does a
 * file: the texts are written to a private temporary directory as {@code NAME.csdef} and {@code NAME.cscfg},
 * so diagnostics read {@code webfarm.csdef:12:5: error: ...}, and the directory is removed again.
 */
final class DefinitionCheck {
    private DefinitionCheck() {
    }

    /** @throws ApiException INVALID with every error as a detail */
    static Service service(String name, String csdef, String cscfg) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fabric-definition-");
            Path def = dir.resolve(name + ".csdef");
            Path cfg = dir.resolve(name + ".cscfg");
            Files.writeString(def, csdef, StandardCharsets.UTF_8);
            Files.writeString(cfg, cscfg, StandardCharsets.UTF_8);
            Validation v = ServiceDefinitions.load(def, cfg);
            String prefix = dir + "/";
            if (v.hasErrors() || v.service().isEmpty()) {
                List<String> details = v.errors().stream().map(Diagnostic::toString).map(d -> d.replace(prefix, "")).toList();
                throw ApiException.invalid("deployment " + name + ": the definition is not valid", details);
            }
            return v.service().get();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a definition to check it: " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException ignored) {
                    // a temporary directory left behind is clutter, not a wrong result
                }
            }
        }
    }
}
