package dev.fabric.controller.service;

import dev.fabric.controller.liveness.LivenessSettings;
import dev.fabric.controller.placement.PlacementSettings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a controller runs.
 *
 * @param datacenter the inventory file ({@code datacenter.xml}), re-read when it changes
 * @param pkiDir     {@code ca.crt} and {@code controller.crt|.key} from {@code fabric ca}
 * @param dataDir    where the embedded ZooKeeper keeps its data ({@code DIR/zookeeper})
 * @param zookeeper  an external ensemble's connect string; empty: the embedded server
 * @param agents     where agents dial in (mutual TLS, protobuf frames)
 * @param api        the REST API for operators (HTTPS, operator certificates)
 */
public record ControllerSettings(Path datacenter, Path pkiDir, Path dataDir, Optional<String> zookeeper,
                                 InetSocketAddress agents, InetSocketAddress api, LivenessSettings liveness,
                                 PlacementSettings placement) {
    public static final int DEFAULT_AGENT_PORT = 7000;
}
