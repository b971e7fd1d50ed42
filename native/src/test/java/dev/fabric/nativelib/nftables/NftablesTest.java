package dev.fabric.nativelib.nftables;

import dev.fabric.nativelib.libc.NetnsThread;
import dev.fabric.nativelib.libc.TestNetns;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real libnftables in a throwaway network namespace. */
class NftablesTest {
    private static TestNetns netns;
    private static NetnsThread thread;
    private static Nftables nft;

    @BeforeAll
    static void setUp() {
        netns = TestNetns.create("native-" + ProcessHandle.current().pid());
        thread = NetnsThread.join(netns.name());
        nft = thread.call(Nftables::open);
    }

    @AfterAll
    static void tearDown() {
        if (nft != null) {
            nft.close();
        }
        if (thread != null) {
            thread.close();
        }
        if (netns != null) {
            netns.close();
        }
    }

    @Test
    void appliesAndListsInTheNamespaceTheContextWasCreatedIn() {
        // Called from the test thread (root namespace): the context still talks to the test namespace.
        nft.run("table inet t1 { set s { type ipv4_addr; elements = { 10.0.0.1 }; }; }");
        assertThat(nft.run("list set inet t1 s")).contains("10.0.0.1");
        assertThat(thread.call(() -> {
            try (Nftables other = Nftables.open()) {
                return other.run("list tables");
            }
        })).contains("table inet t1");
        nft.run("delete table inet t1");
    }

    @Test
    void rejectedCommandsThrowWithNftsErrorTextAndChangeNothing() {
        assertThatThrownBy(() -> nft.run("table inet t2\nadd chain inet t2 fwd"))
                .isInstanceOf(NftException.class)
                .satisfies(e -> assertThat(((NftException) e).nftError()).contains("syntax error"));
        assertThat(nft.run("list tables")).doesNotContain("t2");
    }

    @Test
    void dryRunChecksWithoutApplying() {
        nft.check("table inet t3 { chain c { type filter hook input priority 0; policy accept; }; }");
        assertThat(nft.run("list tables")).doesNotContain("t3");
        assertThatThrownBy(() -> nft.check("table inet t3 { chain c { ip saddr @missing accept; }; }"))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("missing");
    }
}
