package dev.fabric.agent.image;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Hand-made headers for the hostile cases qemu-img would not produce. */
class Qcow2HeaderTest {
    private static final Path FILE = Path.of("/images/x.qcow2");

    /** A minimal v3 header: 64 KiB clusters, 1 GiB, header length 112, then the given extensions. */
    static ByteBuffer v3(long incompatible, int[]... extensions) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        b.putInt(0, Qcow2Header.MAGIC).putInt(4, 3).putInt(20, 16).putLong(24, 1L << 30);
        b.putLong(72, incompatible).putInt(96, 4).putInt(100, 112);
        int pos = 112;
        for (int[] ext : extensions) {
            b.putInt(pos, ext[0]).putInt(pos + 4, ext[1]);
            pos += 8 + ((ext[1] + 7) & ~7);
        }
        b.putInt(pos, 0).putInt(pos + 4, 0);
        return b;
    }

    @Test
    void aPlainV3HeaderIsASafeBase() {
        Qcow2Header h = Qcow2Header.parse(FILE, v3(0, new int[]{0x6803f857, 48})).requireSafeBase(FILE);
        assertThat(h.version()).isEqualTo(3);
        assertThat(h.virtualSize()).isEqualTo(1L << 30);
        assertThat(h.extensionTypes()).containsExactly(0x6803f857);
    }

    @Test
    void wrongMagicIsRefusedNamingTheFile() {
        ByteBuffer b = ByteBuffer.allocate(512);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, b)).isInstanceOf(ImageException.class)
                .hasMessageContaining("/images/x.qcow2").hasMessageContaining("not a qcow2 image");
    }

    @Test
    void backingFileIsRefused() {
        ByteBuffer b = v3(0);
        b.putLong(8, 2048).putInt(16, 11);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, b).requireSafeBase(FILE)).hasMessageContaining("backing file");
    }

    @Test
    void externalDataFileIsRefusedByFlagOrByExtension() {
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, v3(1L << 2)).requireSafeBase(FILE))
                .hasMessageContaining("external data file");
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, v3(0, new int[]{Qcow2Header.EXT_DATA_FILE, 10})).requireSafeBase(FILE))
                .hasMessageContaining("external data file");
    }

    @Test
    void corruptEncryptedAndUnknownFeaturesAreRefused() {
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, v3(1L << 1)).requireSafeBase(FILE)).hasMessageContaining("corrupt");
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, v3(1L << 9)).requireSafeBase(FILE)).hasMessageContaining("unknown incompatible");
        ByteBuffer enc = v3(0);
        enc.putInt(32, 2);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, enc).requireSafeBase(FILE)).hasMessageContaining("encrypted");
    }

    @Test
    void damagedHeadersAreRefused() {
        ByteBuffer version = v3(0);
        version.putInt(4, 4);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, version)).hasMessageContaining("version 4");
        ByteBuffer cluster = v3(0);
        cluster.putInt(20, 40);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, cluster)).hasMessageContaining("cluster_bits 40");
        ByteBuffer longExt = v3(0);
        longExt.putInt(112, 0x1234).putInt(116, 100_000);
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, longExt)).hasMessageContaining("runs past the first cluster");
        ByteBuffer noEnd = v3(0);
        for (int pos = 112; pos < 4096; pos += 4) {
            noEnd.putInt(pos, 0x7777);
        }
        assertThatThrownBy(() -> Qcow2Header.parse(FILE, noEnd)).hasMessageContaining("damaged");
    }
}
