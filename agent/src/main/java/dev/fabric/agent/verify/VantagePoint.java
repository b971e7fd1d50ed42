package dev.fabric.agent.verify;

import dev.fabric.firewall.placement.Ipv4Address;

/**
 * A place instances are scanned from.
 *
 * @param name        short name used in the report's columns and verdicts ({@code outside}, {@code bridge})
 * @param description for people, e.g. {@code namespace fabric-outside} or {@code probe on fabbr0}
 * @param source      the address the instances see connections come from (endpoint ACLs are judged on it)
 */
public record VantagePoint(String name, String description, Ipv4Address source, PortScanner scanner) {
}
