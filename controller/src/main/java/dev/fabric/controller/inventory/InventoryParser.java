package dev.fabric.controller.inventory;

import dev.fabric.pki.CredentialKind;
import dev.fabric.pki.PkiException;
import dev.fabric.servicedef.Diagnostic;
import dev.fabric.servicedef.xml.SafeXmlReader;
import dev.fabric.servicedef.xml.Where;
import dev.fabric.servicedef.xml.XmlElement;
import dev.fabric.servicedef.xml.XmlProblem;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Reads {@code datacenter.xml}: {@code <Datacenter name>} holding {@code <FaultDomain name>} elements
 * holding {@code <Host name address instanceSubnet>} elements. Strict: unknown elements and attributes
 * are errors (this file is ours, not a third-party format with SDK extras). Collects every problem.
 */
public final class InventoryParser {
    private static final Set<String> DATACENTER_ATTRIBUTES = Set.of("name");
    private static final Set<String> FAULT_DOMAIN_ATTRIBUTES = Set.of("name");
    private static final Set<String> HOST_ATTRIBUTES = Set.of("name", "address", "instanceSubnet");

    private final SafeXmlReader reader;

    public InventoryParser() {
        this(new SafeXmlReader());
    }

    public InventoryParser(SafeXmlReader reader) {
        this.reader = reader;
    }

    public InventoryLoad parse(Path file) {
        XmlElement root;
        try {
            root = reader.read(file);
        } catch (XmlProblem e) {
            return new InventoryLoad(Optional.empty(), List.of(e.where().error(e.getMessage())));
        }
        return new Run().datacenter(root);
    }

    /** One parse: the findings so far and the hosts seen, for the cross-host checks. */
    private static final class Run {
        private final List<Diagnostic> diagnostics = new ArrayList<>();
        private final List<Placed<InventoryHost>> hosts = new ArrayList<>();
        private boolean hostBroken;

        InventoryLoad datacenter(XmlElement root) {
            if (!root.name().equals("Datacenter") || !root.namespace().isEmpty()) {
                diagnostics.add(root.where().error("the root element is <" + root.name() + ">"
                        + (root.namespace().isEmpty() ? "" : " in namespace '" + root.namespace() + "'")
                        + "; a datacenter file starts with <Datacenter name=\"...\"> and uses no namespace"));
                return done(Optional.empty());
            }
            knownAttributes(root, DATACENTER_ATTRIBUTES);
            Optional<String> name = name(root, "datacenter");
            Map<String, Where> faultDomains = new HashMap<>();
            for (XmlElement child : root.children()) {
                if (expect(child, root, "FaultDomain")) {
                    faultDomain(child, faultDomains);
                }
            }
            if (hosts.isEmpty() && !hostBroken) {
                diagnostics.add(root.where().error("the datacenter has no hosts; add <FaultDomain name=\"rack-1\">"
                        + "<Host name=\"...\" address=\"...\" instanceSubnet=\"...\"/></FaultDomain>"));
            }
            checkUnique();
            boolean valid = name.isPresent() && diagnostics.stream().noneMatch(Diagnostic::isError);
            return done(valid ? Optional.of(new Inventory(name.get(), hosts.stream().map(Placed::value).toList()))
                    : Optional.empty());
        }

        private void faultDomain(XmlElement e, Map<String, Where> seen) {
            knownAttributes(e, FAULT_DOMAIN_ATTRIBUTES);
            Optional<String> name = name(e, "fault domain");
            name.ifPresent(n -> {
                Where first = seen.putIfAbsent(n, e.whereOf("name"));
                if (first != null) {
                    diagnostics.add(e.whereOf("name").error("fault domain '" + n + "' is declared twice (first at "
                            + first.lineColumn() + "); put all its hosts in one <FaultDomain>"));
                }
            });
            if (e.children().isEmpty()) {
                diagnostics.add(e.where().warning("fault domain " + name.orElse("") + " has no hosts"));
            }
            for (XmlElement child : e.children()) {
                if (expect(child, e, "Host")) {
                    host(child, name);
                }
            }
        }

        private void host(XmlElement e, Optional<String> faultDomain) {
            knownAttributes(e, HOST_ATTRIBUTES);
            noChildren(e);
            Optional<String> name = name(e, "host");
            Optional<String> address = required(e, "address").flatMap(a -> {
                OptionalLong value = Ipv4.parse(a);
                if (value.isEmpty()) {
                    diagnostics.add(e.whereOf("address").error("address '" + a + "' of host " + name.orElse("")
                            + " is not an IPv4 address (four numbers 0..255 without leading zeros, such as 10.214.0.11)"));
                    return Optional.empty();
                }
                return Optional.of(a);
            });
            Optional<Ipv4Subnet> subnet = required(e, "instanceSubnet").flatMap(s -> {
                Optional<String> problem = Ipv4Subnet.problem(s);
                problem.ifPresent(p -> diagnostics.add(e.whereOf("instanceSubnet").error(
                        "instanceSubnet '" + s + "' of host " + name.orElse("") + " " + p)));
                return problem.isPresent() ? Optional.empty() : Optional.of(Ipv4Subnet.parse(s));
            });
            if (name.isPresent() && address.isPresent() && subnet.isPresent() && faultDomain.isPresent()) {
                hosts.add(new Placed<>(new InventoryHost(name.get(), address.get(), faultDomain.get(), subnet.get()), e));
            } else {
                hostBroken = true;
            }
        }

        /**
         * Names, addresses and subnets must each be unique; no host address may lie in an instance subnet.
         * Hash maps and one sweep over the sorted subnets, not every pair: 10,000 hosts load in well under a second.
         */
        private void checkUnique() {
            Map<String, Integer> byName = new HashMap<>();
            Map<String, Integer> byAddress = new HashMap<>();
            for (int i = 0; i < hosts.size(); i++) {
                InventoryHost h = hosts.get(i).value();
                XmlElement e = hosts.get(i).element();
                Integer j = byName.putIfAbsent(h.name(), i);
                if (j != null) {
                    diagnostics.add(e.whereOf("name").error("host name '" + h.name() + "' is used twice" + firstAt(j)
                            + "; every host needs its own name"));
                }
                j = byAddress.putIfAbsent(h.address(), i);
                if (j != null) {
                    diagnostics.add(e.whereOf("address").error("address " + h.address() + " of host " + h.name()
                            + " is also host " + hosts.get(j).value().name() + "'s" + firstAt(j)));
                }
            }
            // CIDR blocks nest or are apart: sorted by network (wider first), each block overlaps the outermost
            // block still open before it, and the outermost blocks are apart from each other.
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < hosts.size(); i++) {
                order.add(i);
            }
            order.sort(java.util.Comparator.<Integer>comparingLong(i -> subnet(i).network())
                    .thenComparingInt(i -> subnet(i).prefixLength()).thenComparingInt(i -> i));
            java.util.TreeMap<Long, Integer> outermost = new java.util.TreeMap<>();
            int open = -1;
            for (int k : order) {
                if (open >= 0 && subnet(k).network() <= subnet(open).broadcast()) {
                    int later = Math.max(k, open);
                    int earlier = Math.min(k, open);
                    diagnostics.add(hosts.get(later).element().whereOf("instanceSubnet").error("instanceSubnet " + subnet(later)
                            + " of host " + hosts.get(later).value().name() + " overlaps " + subnet(earlier) + " of host "
                            + hosts.get(earlier).value().name() + firstAt(earlier) + "; give every host a subnet of its own"));
                } else {
                    open = k;
                    outermost.put(subnet(k).network(), k);
                }
            }
            for (Placed<InventoryHost> p : hosts) {
                InventoryHost h = p.value();
                long address = Ipv4.parse(h.address()).getAsLong();
                Map.Entry<Long, Integer> below = outermost.floorEntry(address);
                if (below != null && subnet(below.getValue()).contains(address)) {
                    InventoryHost other = hosts.get(below.getValue()).value();
                    diagnostics.add(p.element().whereOf("address").error("address " + h.address() + " of host " + h.name()
                            + " lies in the instance subnet " + other.instanceSubnet() + " of host "
                            + other.name() + "; host addresses and instance subnets must not mix"));
                }
            }
        }

        private Ipv4Subnet subnet(int i) {
            return hosts.get(i).value().instanceSubnet();
        }

        private String firstAt(int i) {
            return " (first at " + hosts.get(i).element().where().lineColumn() + ")";
        }

        private Optional<String> name(XmlElement e, String what) {
            return required(e, "name").flatMap(n -> {
                try {
                    return Optional.of(CredentialKind.checkName(n));
                } catch (PkiException bad) {
                    diagnostics.add(e.whereOf("name").error(what + " name '" + n
                            + "' is not usable: use 1-63 lower-case letters, digits or '-', starting with a letter or digit"
                            + (what.equals("host") ? " (it is the CN of the host's certificate)" : "")));
                    return Optional.empty();
                }
            });
        }

        private Optional<String> required(XmlElement e, String attribute) {
            Optional<String> value = e.attribute(attribute);
            if (value.isEmpty()) {
                diagnostics.add(e.where().error("<" + e.name() + "> is missing the attribute '" + attribute + "'"));
                return Optional.empty();
            }
            if (value.get().isBlank()) {
                diagnostics.add(e.whereOf(attribute).error("attribute '" + attribute + "' of <" + e.name() + "> is empty"));
                return Optional.empty();
            }
            return Optional.of(value.get().strip());
        }

        private void knownAttributes(XmlElement e, Set<String> known) {
            for (String attribute : e.attributes().keySet()) {
                if (!known.contains(attribute)) {
                    diagnostics.add(e.whereOf(attribute).error("unknown attribute '" + attribute + "' on <" + e.name()
                            + ">; known: " + String.join(", ", known.stream().sorted().toList())));
                }
            }
        }

        private boolean expect(XmlElement child, XmlElement parent, String expected) {
            if (child.name().equals(expected) && child.namespace().isEmpty()) {
                return true;
            }
            diagnostics.add(child.where().error("unknown element <" + child.name() + "> in <" + parent.name()
                    + ">; expected <" + expected + ">"));
            return false;
        }

        private void noChildren(XmlElement e) {
            for (XmlElement child : e.children()) {
                diagnostics.add(child.where().error("unknown element <" + child.name() + "> in <" + e.name()
                        + ">; <" + e.name() + "> has no child elements"));
            }
        }

        private InventoryLoad done(Optional<Inventory> inventory) {
            return new InventoryLoad(inventory, diagnostics);
        }
    }

    private record Placed<T>(T value, XmlElement element) {
    }
}
