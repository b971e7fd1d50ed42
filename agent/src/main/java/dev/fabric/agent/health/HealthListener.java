package dev.fabric.agent.health;

import dev.fabric.agent.desired.InstanceId;
import dev.fabric.agent.reconcile.Health;

/** Told when an instance's health status changes (on a prober thread: hand work off, e.g. wake the loop). */
@FunctionalInterface
public interface HealthListener {
    void changed(InstanceId id, Health health);
}
