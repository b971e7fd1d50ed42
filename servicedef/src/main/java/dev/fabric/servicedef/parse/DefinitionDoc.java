package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.xml.Where;

import java.util.List;
import java.util.Optional;

/** A .csdef as written: nothing resolved or cross-checked yet. */
public record DefinitionDoc(Attr name, Optional<Attr> upgradeDomainCount, Where where, List<RoleDecl> roles,
                            List<TrafficRuleDecl> trafficRules, List<ProbeDecl> probes, List<String> ignored) {
    public DefinitionDoc {
        roles = List.copyOf(roles);
        trafficRules = List.copyOf(trafficRules);
        probes = List.copyOf(probes);
        ignored = List.copyOf(ignored);
    }
}
