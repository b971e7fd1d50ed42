package dev.fabric.agent.libvirt;

import dev.fabric.agent.reconcile.DomainState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LibvirtStatesTest {
    @Test
    void runningPausedAndCrashedMapDirectly() {
        assertThat(LibvirtStates.of(LibvirtStates.RUNNING, 1, false)).isEqualTo(DomainState.RUNNING);
        assertThat(LibvirtStates.of(LibvirtStates.BLOCKED, 0, false)).isEqualTo(DomainState.RUNNING);
        assertThat(LibvirtStates.of(LibvirtStates.PAUSED, 1, false)).isEqualTo(DomainState.PAUSED);
        assertThat(LibvirtStates.of(LibvirtStates.PMSUSPENDED, 0, false)).isEqualTo(DomainState.PAUSED);
        assertThat(LibvirtStates.of(LibvirtStates.CRASHED, 0, false)).isEqualTo(DomainState.CRASHED);
        assertThat(LibvirtStates.of(LibvirtStates.SHUTDOWN, 0, false)).isEqualTo(DomainState.OTHER);
        assertThat(LibvirtStates.of(LibvirtStates.NOSTATE, 0, false)).isEqualTo(DomainState.OTHER);
        assertThat(LibvirtStates.of(42, 0, false)).isEqualTo(DomainState.OTHER);
    }

    @Test
    void aGuestThatWentDownWithoutTheAgentAskingHasFailed() {
        for (int reason : new int[] {LibvirtStates.SHUTOFF_CRASHED, LibvirtStates.SHUTOFF_FAILED,
                LibvirtStates.SHUTOFF_DESTROYED, LibvirtStates.SHUTOFF_SHUTDOWN}) {
            assertThat(LibvirtStates.of(LibvirtStates.SHUTOFF, reason, false)).as("reason " + reason).isEqualTo(DomainState.CRASHED);
            assertThat(LibvirtStates.of(LibvirtStates.SHUTOFF, reason, true)).as("reason " + reason).isEqualTo(DomainState.SHUT_OFF);
        }
        assertThat(LibvirtStates.of(LibvirtStates.SHUTOFF, 0, false)).isEqualTo(DomainState.SHUT_OFF); // defined, never started
    }
}
