package dev.fabric.servicedef.parse;

import java.util.Map;

/**
 * What each SDK plug-in Import would open on Azure and Fabric does not: only ports declared in
 * Endpoints are ever opened, so validate names the port a user must declare to get it.
 */
final class ImportNotes {
    private static final Map<String, String> DOES_NOT_OPEN = Map.of(
            "RemoteForwarder", "does not open input tcp 3389",
            "RemoteAccess", "does not open its internal endpoint tcp 3389",
            "WebDeploy", "does not open input tcp 8172",
            "Caching", "does not open its internal endpoints (memcache tcp 11211, cache cluster ports)",
            "RemoteDebugger", "does not open its remote debugger input endpoints");

    private ImportNotes() {
    }

    static String describe(String moduleName, String roleName) {
        String note = DOES_NOT_OPEN.getOrDefault(moduleName, "opens nothing");
        return "ignored: Import " + moduleName + " (role " + roleName + "; " + note + ")";
    }
}
