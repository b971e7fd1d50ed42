package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.xml.Where;

import java.util.List;
import java.util.Optional;

/**
 * A WebRole or WorkerRole as written in the csdef.
 *
 * @param imports module names of its Imports (they open nothing, but declare plug-in settings)
 */
public record RoleDecl(RoleKind kind, Attr name, Optional<Attr> vmsize, Where where,
                       List<EndpointDecl> endpoints, List<Attr> settingNames, List<String> imports) {
    public RoleDecl {
        endpoints = List.copyOf(endpoints);
        settingNames = List.copyOf(settingNames);
        imports = List.copyOf(imports);
    }

    /**
     * An SDK plug-in Import declares its own settings ({@code Microsoft.WindowsAzure.Plugins.<Module>.*})
     * without listing them in ConfigurationSettings; real cscfg files set them.
     */
    public boolean importDeclares(String settingName) {
        return imports.stream().anyMatch(m -> settingName.startsWith("Microsoft.WindowsAzure.Plugins." + m + "."));
    }
}
