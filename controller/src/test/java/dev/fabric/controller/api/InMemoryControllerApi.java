package dev.fabric.controller.api;

import dev.fabric.servicedef.ServiceDefinitions;
import dev.fabric.servicedef.Validation;
import dev.fabric.servicedef.model.Role;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link ControllerApi} for tests of the REST layer and the CLI: definitions validated for real (servicedef),
 * instances on one pretend host, and each instance moving one step towards "running, serving" every time a
 * deployment is read ({@code pending -> starting -> running/unknown -> running/serving}), so a waiting client
 * sees progress without sleeps. {@link #stuck} keeps them at {@code starting}. Every call is recorded.
 */
public final class InMemoryControllerApi implements ControllerApi {
    private static final int READY_STEP = 3;

    private final Map<String, Entry> deployments = new TreeMap<>();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<HostView> hosts;
    private final int capacity;
    private volatile boolean stuck;

    public InMemoryControllerApi(int capacity, List<HostView> hosts) {
        this.capacity = capacity;
        this.hosts = List.copyOf(hosts);
    }

    public InMemoryControllerApi() {
        this(8, List.of(new HostView("host-1", "10.213.255.1", "fd-1", "up", 8, 16384, 0)));
    }

    /** Instances stop making progress at "starting" (for --wait timeouts). */
    public void stuck(boolean value) {
        stuck = value;
    }

    public List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    private static final class Entry {
        final String name;
        long version = 1;
        final List<String> roleOrder = new ArrayList<>();
        final Map<String, List<Integer>> steps = new TreeMap<>();

        Entry(String name) {
            this.name = name;
        }
    }

    @Override
    public synchronized DeploymentView deploy(String name, String csdef, String cscfg) {
        calls.add("deploy " + name);
        if (deployments.containsKey(name)) {
            throw ApiException.exists("deployment " + name + " exists already; delete it first or choose another name");
        }
        Validation v = validate(name, csdef, cscfg);
        if (v.hasErrors()) {
            throw ApiException.invalid("the service definition of " + name + " is not valid",
                    v.errors().stream().map(Object::toString).toList());
        }
        Entry e = new Entry(name);
        for (Role r : v.service().orElseThrow().roles()) {
            e.roleOrder.add(r.name());
            e.steps.put(r.name(), new ArrayList<>(Collections.nCopies(r.instanceCount(), 0)));
        }
        checkCapacity(e, name);
        deployments.put(name, e);
        return view(e);
    }

    private void checkCapacity(Entry candidate, String name) {
        int total = candidate.steps.values().stream().mapToInt(List::size).sum();
        for (Entry other : deployments.values()) {
            if (!other.name.equals(name)) {
                total += other.steps.values().stream().mapToInt(List::size).sum();
            }
        }
        if (total > capacity) {
            throw ApiException.noCapacity("not enough capacity for " + name + ": " + total + " instances, room for " + capacity,
                    List.of("host-1: 8 cpus, " + capacity + " instances at most"));
        }
    }

    private static Validation validate(String name, String csdef, String cscfg) {
        try {
            Path dir = Files.createTempDirectory("fabric-api-test");
            try {
                Path def = Files.writeString(dir.resolve(name + ".csdef"), csdef);
                Path cfg = Files.writeString(dir.resolve(name + ".cscfg"), cscfg);
                return ServiceDefinitions.load(def, cfg);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized DeploymentView get(String name) {
        calls.add("get " + name);
        Entry e = entry(name);
        advance(e);
        return view(e);
    }

    @Override
    public synchronized List<DeploymentView> list() {
        calls.add("list");
        deployments.values().forEach(this::advance);
        return deployments.values().stream().map(InMemoryControllerApi::view).toList();
    }

    @Override
    public synchronized DeploymentView scale(String name, String role, int count) {
        calls.add("scale " + name + " " + role + " " + count);
        Entry e = entry(name);
        List<Integer> steps = e.steps.get(role);
        if (steps == null) {
            throw ApiException.notFound("deployment " + name + " has no role " + role + " (roles: " + String.join(", ", e.roleOrder) + ")");
        }
        List<Integer> before = new ArrayList<>(steps);
        while (steps.size() < count) {
            steps.add(0);
        }
        while (steps.size() > count) {
            steps.remove(steps.size() - 1);
        }
        try {
            checkCapacity(e, name);
        } catch (ApiException refused) {
            steps.clear();
            steps.addAll(before);
            throw refused;
        }
        e.version++;
        return view(e);
    }

    @Override
    public synchronized DeploymentView delete(String name) {
        calls.add("delete " + name);
        Entry e = entry(name);
        deployments.remove(name);
        return view(e);
    }

    @Override
    public synchronized List<HostView> hosts() {
        calls.add("hosts");
        int placed = deployments.values().stream().mapToInt(e -> e.steps.values().stream().mapToInt(List::size).sum()).sum();
        return hosts.stream().map(h -> new HostView(h.name(), h.address(), h.faultDomain(), h.state(), h.cpus(), h.memoryMiB(),
                h.name().equals("host-1") ? placed : h.instanceCount())).toList();
    }

    private Entry entry(String name) {
        Entry e = deployments.get(name);
        if (e == null) {
            throw ApiException.notFound("no deployment named " + name);
        }
        return e;
    }

    private void advance(Entry e) {
        for (List<Integer> steps : e.steps.values()) {
            for (int i = 0; i < steps.size(); i++) {
                int next = Math.min(steps.get(i) + 1, stuck ? 1 : READY_STEP);
                steps.set(i, Math.max(steps.get(i), next));
            }
        }
    }

    private static DeploymentView view(Entry e) {
        List<RoleView> roles = new ArrayList<>();
        List<InstanceView> instances = new ArrayList<>();
        int k = 0;
        for (String role : e.roleOrder) {
            List<Integer> steps = e.steps.get(role);
            roles.add(new RoleView(role, steps.size()));
            for (int i = 0; i < steps.size(); i++, k++) {
                String address = "10.213.0." + (10 + k);
                instances.add(switch (steps.get(i)) {
                    case 0 -> InstanceView.pending(e.name, role, i, "waiting for placement");
                    case 1 -> new InstanceView(e.name, role, i, e.name + "." + role + "." + i, "host-1", address, "starting", "unknown", "");
                    case 2 -> new InstanceView(e.name, role, i, e.name + "." + role + "." + i, "host-1", address, "running", "unknown", "");
                    default -> new InstanceView(e.name, role, i, e.name + "." + role + "." + i, "host-1", address, "running", "serving", "");
                });
            }
        }
        return new DeploymentView(e.name, e.version, roles, instances);
    }
}
