package dev.fabric.agent.run;

import dev.fabric.agent.spec.DomainNames;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The guests' serial console logs ({@code STATE/console/DOMAIN.log}). libvirt writes them but never
 * deletes them, so the agent removes the log of a Fabric domain that neither exists nor is wanted:
 * a removed deployment leaves no file behind. A log of a domain that is only restarting stays.
 */
public final class ConsoleLogs {
    private static final String SUFFIX = ".log";

    private final Path dir;

    public ConsoleLogs(Path dir) {
        this.dir = dir;
    }

    /** Deletes the logs of Fabric domains not in {@code keep}; returns the domain names whose logs went. */
    public List<String> sweep(Set<String> keep) {
        List<String> gone = new ArrayList<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, DomainNames.PREFIX + "*" + SUFFIX)) {
            for (Path log : logs) {
                String name = log.getFileName().toString();
                String domain = name.substring(0, name.length() - SUFFIX.length());
                if (!keep.contains(domain) && Files.deleteIfExists(log)) {
                    gone.add(domain);
                }
            }
        } catch (NoSuchFileException e) {
            return gone; // no guest has run yet
        } catch (IOException e) {
            // a log we cannot delete is left for the next pass; it never holds up reconciling
            return gone;
        }
        return gone;
    }

    /** Whether a Fabric domain named with {@code prefix} still has a log here. */
    public boolean anyLeft(String prefix) {
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(dir, prefix + "*" + SUFFIX)) {
            return logs.iterator().hasNext();
        } catch (IOException e) {
            return false;
        }
    }
}
