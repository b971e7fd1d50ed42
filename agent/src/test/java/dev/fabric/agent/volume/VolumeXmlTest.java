package dev.fabric.agent.volume;

import dev.fabric.agent.desired.ImageRef;
import dev.fabric.agent.image.VerifiedImage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VolumeXmlTest {
    static final VerifiedImage.Disk BASE = new VerifiedImage.Disk(new ImageRef("debian", "a".repeat(64), ImageRef.Kind.DISK),
            Path.of("/var/lib/fabric/images/blobs/" + "a".repeat(64)), 2L << 30);

    @Test
    void aDirectoryPool() {
        assertThat(VolumeXml.pool(PoolSettings.defaults())).isEqualTo("""
                <pool type="dir">
                  <name>fabric</name>
                  <target>
                    <path>/var/lib/fabric/instances</path>
                  </target>
                </pool>
                """);
    }

    @Test
    void anOverlayStatesItsBackingFileAndFormat() {
        assertThat(VolumeXml.overlay("fabric.web.WebRole.0.overlay.qcow2", BASE)).isEqualTo("""
                <volume type="file">
                  <name>fabric.web.WebRole.0.overlay.qcow2</name>
                  <capacity unit="bytes">2147483648</capacity>
                  <target>
                    <format type="qcow2"/>
                  </target>
                  <backingStore>
                    <path>/var/lib/fabric/images/blobs/%s</path>
                    <format type="qcow2"/>
                  </backingStore>
                </volume>
                """.formatted("a".repeat(64)));
    }

    @Test
    void theBackingPathIsReadBackFromVolumeXml() {
        assertThat(InstanceVolumes.backingPath(VolumeXml.overlay("fabric.x.overlay.qcow2", BASE))).isEqualTo(BASE.file().toString());
        assertThat(InstanceVolumes.backingPath("<volume><name>x</name></volume>")).isEqualTo("none");
    }

    @Test
    void poolSettingsAreChecked() {
        assertThatThrownBy(() -> new PoolSettings("fabric", Path.of("relative"))).hasMessageContaining("absolute");
        assertThatThrownBy(() -> new PoolSettings("a/b", Path.of("/x"))).hasMessageContaining("pool name");
        assertThat(new PoolSettings("p", Path.of("/a/../b")).path()).isEqualTo(Path.of("/b"));
    }
}
