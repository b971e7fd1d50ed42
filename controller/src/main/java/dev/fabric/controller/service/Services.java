package dev.fabric.controller.service;

import dev.fabric.controller.store.StoredDeployment;
import dev.fabric.servicedef.model.Service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stored deployments parsed once per version: placement and views need the roles and sizes, not the XML. */
final class Services {
    private record Key(String name, long version) {
    }

    private final Map<Key, Service> parsed = new ConcurrentHashMap<>();

    Service of(StoredDeployment d) {
        return parsed.computeIfAbsent(new Key(d.name(), d.version()),
                k -> DefinitionCheck.service(d.name(), d.record().csdef(), d.record().cscfg()));
    }

    void forget(String name) {
        parsed.keySet().removeIf(k -> k.name().equals(name));
    }
}
