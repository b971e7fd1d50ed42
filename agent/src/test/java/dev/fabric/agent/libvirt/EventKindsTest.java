package dev.fabric.agent.libvirt;

import org.junit.jupiter.api.Test;
import org.libvirt.event.DomainEventType;

import static org.assertj.core.api.Assertions.assertThat;

class EventKindsTest {
    @Test
    void aStopIsAStopOnlyWhenTheAgentAskedForIt() {
        assertThat(EventKinds.of(DomainEventType.STOPPED, true)).isEqualTo(InstanceEvent.Kind.STOPPED);
        assertThat(EventKinds.of(DomainEventType.STOPPED, false)).isEqualTo(InstanceEvent.Kind.CRASHED);
    }

    @Test
    void lifecycleTypesMapOneToOne() {
        assertThat(EventKinds.of(DomainEventType.DEFINED, false)).isEqualTo(InstanceEvent.Kind.DEFINED);
        assertThat(EventKinds.of(DomainEventType.UNDEFINED, false)).isEqualTo(InstanceEvent.Kind.UNDEFINED);
        assertThat(EventKinds.of(DomainEventType.STARTED, false)).isEqualTo(InstanceEvent.Kind.STARTED);
        assertThat(EventKinds.of(DomainEventType.CRASHED, true)).isEqualTo(InstanceEvent.Kind.CRASHED);
    }

    @Test
    void everythingElseIsOther() {
        assertThat(EventKinds.of(DomainEventType.SUSPENDED, false)).isEqualTo(InstanceEvent.Kind.OTHER);
        assertThat(EventKinds.of(DomainEventType.RESUMED, false)).isEqualTo(InstanceEvent.Kind.OTHER);
        assertThat(EventKinds.of(DomainEventType.SHUTDOWN, false)).isEqualTo(InstanceEvent.Kind.OTHER);
    }
}
