package dev.fabric.lab.guest;

import dev.fabric.lab.placement.PlacedInstance;

import java.time.Duration;

/** A running lab guest: which instance it is, its domain, and how long it took from create to answering HTTP. */
public record BootedInstance(PlacedInstance instance, String domainName, Duration createToAnswer) {
}
