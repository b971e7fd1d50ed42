package dev.fabric.servicedef.parse;

import dev.fabric.servicedef.model.RoleKind;
import dev.fabric.servicedef.xml.Where;

import java.util.List;
import java.util.Optional;

/** A WebRole or WorkerRole as written in the csdef. */
public record RoleDecl(RoleKind kind, Attr name, Optional<Attr> vmsize, Where where,
                       List<EndpointDecl> endpoints, List<Attr> settingNames) {
    public RoleDecl {
        endpoints = List.copyOf(endpoints);
        settingNames = List.copyOf(settingNames);
    }
}
