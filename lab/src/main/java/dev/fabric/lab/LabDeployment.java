package dev.fabric.lab;

import dev.fabric.lab.isolation.DeclaredPorts;
import dev.fabric.lab.placement.PlacedInstance;
import dev.fabric.lab.placement.LabPlacement;
import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Service;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A service definition as the lab runs it: validated, placed by the sample placement in the lab
 * subnet, with the ports every guest listens on (all declared ports plus two undeclared decoys, so
 * that a firewall that lets everything through cannot pass).
 */
public record LabDeployment(Path csdef, Path cscfg, Service service, List<PlacedInstance> instances,
                            SortedSet<Integer> listenPorts) {

    /** Ports every guest also listens on although no definition declares them: ssh and mysql. */
    public static final List<Integer> UNDECLARED_DECOYS = List.of(22, 3306);

    /** Loads and validates {@code csdef} and {@code cscfg}, given relative to the repository root {@code repo}. */
    public static LabDeployment load(Path repo, Path csdef, Path cscfg, LabNetwork network) {
        Validation validation = ServiceDefinitions.load(repo.resolve(csdef), repo.resolve(cscfg));
        Service service = validation.service().orElseThrow(() -> new IllegalArgumentException(
                "the definition is not valid:\n" + validation.errors().stream().map(Object::toString)
                        .collect(Collectors.joining("\n"))));
        return of(csdef, cscfg, service, network);
    }

    /** For a service that is already validated. */
    public static LabDeployment of(Path csdef, Path cscfg, Service service, LabNetwork network) {
        SortedSet<Integer> listen = new TreeSet<>(DeclaredPorts.anywhere(service));
        listen.addAll(UNDECLARED_DECOYS);
        return new LabDeployment(csdef, cscfg, service, LabPlacement.place(service, network.subnet()), listen);
    }

    /** Arguments of {@code fabric firewall clear}: removes Fabric's tables (a leftover of an earlier run). */
    public static String[] firewallClearArgs() {
        return new String[] {"firewall", "clear"};
    }

    /** Arguments of {@code fabric firewall apply} for this deployment in the lab network. */
    public String[] firewallApplyArgs(LabNetwork network) {
        return new String[] {"firewall", "apply", csdef.toString(), "--config", cscfg.toString(),
                "--subnet", network.subnet().toString(), "--host-address", network.hostAddress()};
    }
}
