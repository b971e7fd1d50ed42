package dev.fabric.agent.libvirt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs libvirt's own command-line tools on generated documents: the checks must come from libvirt, not from us. */
final class Tools {
    record Result(int exitCode, String output) {
    }

    private Tools() {
    }

    /** {@code virt-xml-validate FILE domain}: libvirt's RelaxNG schema for domains. */
    static Result validateDomain(Path dir, String xml) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "domain", ".xml");
        Files.writeString(file, xml);
        return run(List.of("virt-xml-validate", file.toString(), "domain"));
    }

    /** One virsh session on the stateless test driver: define the document, then run {@code commands} on it. */
    static Result virshTestDriver(Path dir, String xml, String commands) throws IOException, InterruptedException {
        Path file = Files.createTempFile(dir, "domain", ".xml");
        Files.writeString(file, xml);
        return run(List.of("virsh", "-q", "-c", "test:///default", "define " + file + "; " + commands));
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
