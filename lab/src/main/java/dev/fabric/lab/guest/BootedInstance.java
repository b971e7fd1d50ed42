package dev.fabric.lab.guest;

import dev.fabric.lab.placement.PlacedInstance;

import java.time.Duration;

/**
 * A running lab guest: which instance it is, its domain, the instance id its config drive gives it
 * (what its web pages name, e.g. {@code webfarm.WebRole.0}) and how long it took from create to answering HTTP.
 */
public record BootedInstance(PlacedInstance instance, String domainName, String fabricId, Duration createToAnswer) {
}
