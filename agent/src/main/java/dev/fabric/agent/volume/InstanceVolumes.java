package dev.fabric.agent.volume;

import dev.fabric.agent.image.AtomicFiles;
import dev.fabric.agent.image.VerifiedImage;
import dev.fabric.agent.reconcile.VolumeNames;
import dev.fabric.agent.xml.SafeDom;
import org.libvirt.Connect;
import org.libvirt.Error;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The instance volumes in Fabric's libvirt directory pool: copy-on-write overlays (made by libvirt
 * with {@code storageVolCreateXML} and a {@code <backingStore>}) and config drives. Only volumes
 * whose names {@link VolumeNames#isFabricVolume} accepts are ever created or deleted, and only in
 * this one pool.
 */
public final class InstanceVolumes {
    private final StoragePool pool;
    private final PoolSettings settings;

    private InstanceVolumes(StoragePool pool, PoolSettings settings) {
        this.pool = pool;
        this.settings = settings;
    }

    /**
     * Finds Fabric's pool, or defines, builds (creates the directory), starts and autostarts it. An
     * existing pool of that name in another directory is an error, not silently used.
     */
    public static InstanceVolumes open(Connect conn, PoolSettings settings) {
        try {
            StoragePool pool = lookupPool(conn, settings.name());
            if (pool == null) {
                pool = conn.storagePoolDefineXML(VolumeXml.pool(settings), 0);
                pool.build(0);
                pool.setAutostart(1);
            }
            Path actual = Path.of(text(SafeDom.parse(pool.getXMLDesc(0)).getDocumentElement(), "target", "path")).normalize();
            if (!actual.equals(settings.path())) {
                throw new VolumeException("storage pool " + settings.name() + " exists with directory " + actual
                        + ", but the agent is set to use " + settings.path()
                        + "; change the setting or use another pool name (Fabric does not take over a pool it did not make)");
            }
            if (pool.isActive() == 0) {
                pool.build(0); // makes the directory again if someone removed it; harmless when it exists
                pool.create(0);
            }
            return new InstanceVolumes(pool, settings);
        } catch (LibvirtException e) {
            throw new VolumeException("cannot open storage pool " + settings.name() + " at " + settings.path() + ": "
                    + e.getMessage(), e);
        }
    }

    public PoolSettings settings() {
        return settings;
    }

    /** Names of Fabric's volumes in the pool (anything else in it is ignored). */
    public Set<String> volumes() {
        try {
            Set<String> out = new TreeSet<>();
            for (String v : pool.listVolumes()) {
                if (VolumeNames.isFabricVolume(v)) {
                    out.add(v);
                }
            }
            return out;
        } catch (LibvirtException e) {
            throw new VolumeException("cannot list storage pool " + settings.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the overlay {@code volume} backed by {@code base} and returns its path. If it already
     * exists with that backing file (an earlier round was interrupted) it is kept; with another backing
     * file it is an error.
     */
    public Path createOverlay(String volume, VerifiedImage.Disk base) {
        requireName(volume, VolumeNames.OVERLAY_SUFFIX);
        try {
            StorageVol existing = lookupVolume(volume);
            if (existing != null) {
                String backing = backingPath(existing.getXMLDesc(0));
                if (!base.file().toString().equals(backing)) {
                    throw new VolumeException("overlay " + volume + " in pool " + settings.name() + " already exists, backed by "
                            + backing + " instead of " + base.file() + "; remove the instance and apply again");
                }
                return Path.of(existing.getPath());
            }
            return Path.of(pool.storageVolCreateXML(VolumeXml.overlay(volume, base), 0).getPath());
        } catch (LibvirtException e) {
            throw new VolumeException("cannot create overlay " + volume + " of image " + base.ref().name() + " in pool "
                    + settings.name() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a config drive image as volume {@code volume} and returns its path. The file appears under
     * its final name only when complete (temporary file, fsync, rename), so an interrupted write never
     * leaves a volume the reconciler would take for done; then the pool is refreshed so libvirt lists it.
     */
    public Path writeConfigDrive(String volume, byte[] image) {
        requireName(volume, VolumeNames.CONFIG_DRIVE_SUFFIX);
        Path file = settings.path().resolve(volume);
        try {
            AtomicFiles.write(file, image);
            pool.refresh(0);
            return file;
        } catch (IOException e) {
            throw new VolumeException("cannot write config drive " + file + ": " + e.getMessage(), e);
        } catch (LibvirtException e) {
            throw new VolumeException("wrote config drive " + file + " but cannot refresh pool " + settings.name() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The path a volume of this pool has (whether or not it exists yet). */
    public Path path(String volume) {
        requireName(volume, null);
        return settings.path().resolve(volume);
    }

    /**
     * Deletes these volumes; one that is already gone is skipped. Names that are not Fabric volume
     * names are refused before anything is deleted.
     */
    public void delete(Collection<String> volumes) {
        volumes.forEach(v -> requireName(v, null));
        for (String volume : volumes) {
            try {
                StorageVol vol = lookupVolume(volume);
                if (vol != null) {
                    vol.delete(0);
                }
                // a config drive written just before a crash may not be known to libvirt yet
                Files.deleteIfExists(settings.path().resolve(volume));
                deleteLeftovers(volume);
            } catch (LibvirtException e) {
                if (!isCode(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                    throw new VolumeException("cannot delete volume " + volume + " from pool " + settings.name() + ": "
                            + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new VolumeException("cannot delete " + settings.path().resolve(volume) + ": " + e.getMessage(), e);
            }
        }
    }

    /** Temporary files of an interrupted {@link #writeConfigDrive} ({@code .NAME.*.tmp}). */
    private void deleteLeftovers(String volume) throws IOException {
        if (!Files.isDirectory(settings.path())) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(settings.path(), "." + volume + ".*.tmp")) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        }
    }

    private StorageVol lookupVolume(String volume) throws LibvirtException {
        try {
            return pool.storageVolLookupByName(volume);
        } catch (LibvirtException e) {
            if (isCode(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return null;
            }
            throw e;
        }
    }

    private static StoragePool lookupPool(Connect conn, String name) throws LibvirtException {
        try {
            return conn.storagePoolLookupByName(name);
        } catch (LibvirtException e) {
            if (isCode(e, Error.ErrorNumber.VIR_ERR_NO_STORAGE_POOL)) {
                return null;
            }
            throw e;
        }
    }

    private static boolean isCode(LibvirtException e, Error.ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    private static void requireName(String volume, String suffix) {
        if (!VolumeNames.isFabricVolume(volume) || !volume.matches("[A-Za-z0-9_.-]+") || volume.contains("..")
                || (suffix != null && !volume.endsWith(suffix))) {
            throw new IllegalArgumentException("'" + volume + "' is not a Fabric " + (suffix == null ? "volume" : "'*" + suffix + "' volume")
                    + " name; Fabric touches only its own volumes");
        }
    }

    /** The {@code <backingStore><path>} of a volume's XML, or "none". */
    static String backingPath(String volumeXml) {
        Document doc = SafeDom.parse(volumeXml);
        NodeList backing = doc.getDocumentElement().getElementsByTagName("backingStore");
        if (backing.getLength() == 0) {
            return "none";
        }
        NodeList path = ((Element) backing.item(0)).getElementsByTagName("path");
        return path.getLength() == 0 ? "none" : path.item(0).getTextContent().trim();
    }

    private static String text(Element root, String child, String grandChild) {
        NodeList c = root.getElementsByTagName(child);
        if (c.getLength() == 0) {
            return "";
        }
        NodeList g = ((Element) c.item(0)).getElementsByTagName(grandChild);
        return g.getLength() == 0 ? "" : g.item(0).getTextContent().trim();
    }
}
