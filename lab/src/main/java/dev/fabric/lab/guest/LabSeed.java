package dev.fabric.lab.guest;

import dev.fabric.agent.configdrive.CidataImage;
import dev.fabric.agent.configdrive.ConfigDrive;
import dev.fabric.agent.configdrive.ConfigDriveBuilder;
import dev.fabric.firewall.placement.Ipv4Subnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.stream.Collectors;

/**
 * A lab guest's config drive: exactly the seed Fabric's {@link ConfigDriveBuilder} writes (declared
 * ports only), plus one lab-only file, {@value #LAB_FILE}, naming the undeclared ports the lab guest
 * listens on as well ({@code FABRIC_LAB_TCP_PORTS}), so the scans can show the firewall closing them.
 */
public final class LabSeed {
    public static final String LAB_FILE = "lab.env";

    private LabSeed() {
    }

    public static ConfigDrive drive(LabGuest guest, Ipv4Subnet subnet, SortedSet<Integer> undeclaredPorts) {
        ConfigDrive fabric = new ConfigDriveBuilder().build(guest.spec(), guest.settings(), subnet);
        Map<String, String> files = new LinkedHashMap<>(fabric.files());
        files.put(LAB_FILE, "FABRIC_LAB_TCP_PORTS='"
                + undeclaredPorts.stream().map(String::valueOf).collect(Collectors.joining(" ")) + "'\n");
        return new ConfigDrive(files);
    }

    /** Writes the drive as an ISO 9660 cidata image to {@code dir/DOMAIN.cidata.iso}, readable by root only (it holds settings). */
    public static Path write(ConfigDrive drive, Path dir, String domainName) throws IOException {
        Files.createDirectories(dir);
        Path iso = dir.resolve(domainName + ".cidata.iso");
        Files.deleteIfExists(iso);
        Files.createFile(iso, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.write(iso, CidataImage.of(drive));
    }
}
