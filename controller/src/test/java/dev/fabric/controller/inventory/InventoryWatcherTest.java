package dev.fabric.controller.inventory;

import dev.fabric.servicedef.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryWatcherTest {
    @TempDir
    Path dir;

    private final List<Inventory> changes = java.util.Collections.synchronizedList(new ArrayList<>()); // the timer test calls from another thread
    private final List<List<Diagnostic>> rejections = java.util.Collections.synchronizedList(new ArrayList<>());
    private final InventoryListener listener = new InventoryListener() {
        @Override
        public void inventoryChanged(Inventory inventory) {
            changes.add(inventory);
        }

        @Override
        public void inventoryRejected(List<Diagnostic> errors) {
            rejections.add(errors);
        }
    };

    private static String datacenter(String... hosts) {
        StringBuilder xml = new StringBuilder("<Datacenter name=\"lab\">\n  <FaultDomain name=\"rack-1\">\n");
        int i = 1;
        for (String host : hosts) {
            xml.append("    <Host name=\"").append(host).append("\" address=\"10.214.0.").append(i)
                    .append("\" instanceSubnet=\"10.213.").append(i).append(".0/24\"/>\n");
            i++;
        }
        return xml.append("  </FaultDomain>\n</Datacenter>\n").toString();
    }

    @Test
    void loadsThenReloadsOnChangeAndKeepsTheOldInventoryWhenTheNewFileIsBroken() throws IOException {
        Path file = dir.resolve("datacenter.xml");
        Files.writeString(file, datacenter("host-1", "host-2"));
        InventoryWatcher watcher = new InventoryWatcher(file, new InventoryParser(), listener);

        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.CHANGED);
        assertThat(watcher.current().orElseThrow().hostNames()).containsExactly("host-1", "host-2");
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.UNCHANGED);

        Files.writeString(file, datacenter("host-1", "host-2", "host-3"));
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.CHANGED);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(1).hostNames()).containsExactly("host-1", "host-2", "host-3");

        Files.writeString(file, datacenter("host-1", "HOST-2"));
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.REJECTED);
        assertThat(watcher.poll()).as("a broken file is reported once, not on every poll")
                .isEqualTo(InventoryWatcher.Outcome.UNCHANGED);
        assertThat(rejections).singleElement().satisfies(errors -> assertThat(errors).singleElement().asString()
                .startsWith(file + ":4:11: error: host name 'HOST-2' is not usable"));
        assertThat(watcher.current().orElseThrow().hostNames()).containsExactly("host-1", "host-2", "host-3");

        Files.delete(file);
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.REJECTED);
        assertThat(rejections.get(1)).singleElement().asString().endsWith("no such file");
        assertThat(watcher.current()).isPresent();

        Files.writeString(file, datacenter("host-1"));
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.CHANGED);
        assertThat(watcher.current().orElseThrow().hostNames()).containsExactly("host-1");
        assertThat(changes).hasSize(3);
    }

    @Test
    void aChangeThatLeavesTheInventoryEqualIsNotReported() throws IOException {
        Path file = dir.resolve("datacenter.xml");
        Files.writeString(file, datacenter("host-1"));
        InventoryWatcher watcher = new InventoryWatcher(file, new InventoryParser(), listener);
        watcher.poll();
        Files.writeString(file, "<!-- edited -->\n" + datacenter("host-1"));
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.UNCHANGED);
        assertThat(changes).hasSize(1);
    }

    @Test
    void aBrokenFirstFileLeavesNoInventory() throws IOException {
        Path file = dir.resolve("datacenter.xml");
        Files.writeString(file, "<Datacenter name=\"lab\">");
        InventoryWatcher watcher = new InventoryWatcher(file, new InventoryParser(), listener);
        assertThat(watcher.poll()).isEqualTo(InventoryWatcher.Outcome.REJECTED);
        assertThat(watcher.current()).isEmpty();
        assertThat(rejections).singleElement().satisfies(e -> assertThat(e).singleElement().asString().contains("malformed XML"));
    }

    @Test
    void theTimerItIsGivenPollsItUntilCancelled() throws Exception {
        Path file = dir.resolve("datacenter.xml");
        Files.writeString(file, datacenter("host-1"));
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            InventoryWatcher watcher = new InventoryWatcher(file, new InventoryParser(), listener);
            java.util.concurrent.ScheduledFuture<?> polling = watcher.schedule(timer, java.time.Duration.ofMillis(20));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> watcher.current().isPresent());
            Files.writeString(file, datacenter("host-1", "host-2"));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                    .until(() -> watcher.current().orElseThrow().size() == 2);
            polling.cancel(false);
            assertThat(polling.isCancelled()).isTrue();
        } finally {
            timer.shutdownNow();
        }
        assertThat(rejections).isEmpty();
        assertThat(changes).hasSize(2);
    }
}
