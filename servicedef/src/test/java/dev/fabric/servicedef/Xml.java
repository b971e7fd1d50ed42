package dev.fabric.servicedef;

import dev.fabric.servicedef.size.VmSizeCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test helper: writes csdef/cscfg text to files and loads them. */
final class Xml {
    static final String DEF_NS = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceDefinition";
    static final String CFG_NS = "http://schemas.microsoft.com/ServiceHosting/2008/10/ServiceConfiguration";

    private final Path dir;

    Xml(Path dir) {
        this.dir = dir;
    }

    /** A csdef named "svc" whose ServiceDefinition element holds {@code body}. */
    static String def(String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ServiceDefinition name=\"svc\" xmlns=\"" + DEF_NS + "\">\n"
                + body + "\n</ServiceDefinition>\n";
    }

    static String cfg(String body) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ServiceConfiguration serviceName=\"svc\" xmlns=\"" + CFG_NS
                + "\" osFamily=\"6\">\n" + body + "\n</ServiceConfiguration>\n";
    }

    Path write(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Validation load(String csdef) {
        return ServiceDefinitions.load(write("s.csdef", csdef), null, VmSizeCatalog.builtIn());
    }

    Validation load(String csdef, String cscfg) {
        return ServiceDefinitions.load(write("s.csdef", csdef), write("s.cscfg", cscfg), VmSizeCatalog.builtIn());
    }
}
