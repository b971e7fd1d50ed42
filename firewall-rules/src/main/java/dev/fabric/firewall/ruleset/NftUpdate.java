package dev.fabric.firewall.ruleset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The commands that turn an applied ruleset into another one in a single transaction, touching only
 * what differs: element adds and deletes, a flush and refill of chains whose rules changed, new and
 * removed sets and chains. When a definition changed in a way nftables cannot update in place (a
 * set's type or flags, a chain's hook or comment, the list of tables) it falls back to the full
 * atomic replacement.
 *
 * <p>Order inside the transaction matters, because rules and verdict-map elements refer to sets and
 * chains: new chains and sets first, then flushes, element deletes, element adds, rules, and finally
 * the deletion of sets and chains nothing refers to any more.
 */
public final class NftUpdate {
    private NftUpdate() {
    }

    /** The commands from {@code from} to {@code to}; empty when they are equal. */
    public static String between(Ruleset from, Ruleset to) {
        if (!sameTables(from, to) || !updatableInPlace(from, to)) {
            return NftRenderer.replace(to);
        }
        StringBuilder addChains = new StringBuilder();
        StringBuilder addSets = new StringBuilder();
        StringBuilder flushes = new StringBuilder();
        StringBuilder elementDeletes = new StringBuilder();
        StringBuilder elementAdds = new StringBuilder();
        StringBuilder rules = new StringBuilder();
        StringBuilder dropSets = new StringBuilder();
        StringBuilder dropChains = new StringBuilder();
        for (int i = 0; i < to.tables().size(); i++) {
            Table old = from.tables().get(i);
            Table now = to.tables().get(i);
            String t = now.address();
            for (Chain c : now.chains()) {
                var before = old.chain(c.name());
                if (before.isEmpty()) {
                    addChains.append("add chain ").append(t).append(' ').append(c.name());
                    if (c.hook() != null || c.comment() != null) {
                        addChains.append(" { ");
                        if (c.hook() != null) {
                            addChains.append(c.hook().render()).append(' ');
                        }
                        if (c.comment() != null) {
                            addChains.append("comment ").append(Nft.quoted(c.comment())).append("; ");
                        }
                        addChains.append('}');
                    }
                    addChains.append('\n');
                    addRules(rules, t, c);
                } else if (!before.get().rules().equals(c.rules())) {
                    flushes.append("flush chain ").append(t).append(' ').append(c.name()).append('\n');
                    addRules(rules, t, c);
                }
            }
            for (Chain c : old.chains()) {
                if (now.chain(c.name()).isEmpty()) {
                    flushes.append("flush chain ").append(t).append(' ').append(c.name()).append('\n');
                    dropChains.append("delete chain ").append(t).append(' ').append(c.name()).append('\n');
                }
            }
            for (NftSet s : now.sets()) {
                var before = old.set(s.name());
                if (before.isEmpty()) {
                    addSets.append("add ").append(s.keyword()).append(' ').append(t).append(' ').append(s.name())
                            .append(" { ").append(s.type()).append("; ");
                    if (s.interval()) {
                        addSets.append("flags interval; ");
                    }
                    if (s.comment() != null) {
                        addSets.append("comment ").append(Nft.quoted(s.comment())).append("; ");
                    }
                    addSets.append("}\n");
                    elementCommand(elementAdds, "add", t, s.name(), s.elements(), true);
                } else {
                    diffElements(elementDeletes, elementAdds, t, before.get(), s);
                }
            }
            for (NftSet s : old.sets()) {
                if (now.set(s.name()).isEmpty()) {
                    dropSets.append("delete ").append(s.keyword()).append(' ').append(t).append(' ').append(s.name()).append('\n');
                }
            }
        }
        return new StringBuilder().append(addChains).append(addSets).append(flushes).append(elementDeletes)
                .append(elementAdds).append(rules).append(dropSets).append(dropChains).toString();
    }

    private static boolean sameTables(Ruleset a, Ruleset b) {
        if (a.tables().size() != b.tables().size()) {
            return false;
        }
        for (int i = 0; i < a.tables().size(); i++) {
            if (!a.tables().get(i).address().equals(b.tables().get(i).address())) {
                return false;
            }
        }
        return true;
    }

    private static boolean updatableInPlace(Ruleset from, Ruleset to) {
        for (int i = 0; i < to.tables().size(); i++) {
            Table old = from.tables().get(i);
            for (NftSet s : to.tables().get(i).sets()) {
                if (old.set(s.name()).map(o -> !o.definition().equals(s.definition())).orElse(false)) {
                    return false;
                }
            }
            for (Chain c : to.tables().get(i).chains()) {
                if (old.chain(c.name()).map(o -> !o.definition().equals(c.definition())).orElse(false)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void diffElements(StringBuilder deletes, StringBuilder adds, String table, NftSet old, NftSet now) {
        Map<String, Element> before = byKey(old.elements());
        Map<String, Element> after = byKey(now.elements());
        List<Element> removed = new ArrayList<>();
        List<Element> added = new ArrayList<>();
        for (Element e : old.elements()) {
            Element n = after.get(e.key());
            if (n == null || !Objects.equals(n, e)) {
                removed.add(e);
            }
        }
        for (Element e : now.elements()) {
            Element o = before.get(e.key());
            if (o == null || !Objects.equals(o, e)) {
                added.add(e);
            }
        }
        elementCommand(deletes, "delete", table, now.name(), removed, false);
        elementCommand(adds, "add", table, now.name(), added, true);
    }

    private static Map<String, Element> byKey(List<Element> elements) {
        Map<String, Element> m = new LinkedHashMap<>();
        for (Element e : elements) {
            m.put(e.key(), e);
        }
        return m;
    }

    private static void elementCommand(StringBuilder sb, String verb, String table, String set, List<Element> elements,
                                       boolean full) {
        if (elements.isEmpty()) {
            return;
        }
        sb.append(verb).append(" element ").append(table).append(' ').append(set).append(" {\n");
        if (full) {
            NftRenderer.elements(sb, elements, "\t");
        } else {
            for (int i = 0; i < elements.size(); i++) {
                sb.append('\t').append(elements.get(i).key()).append(i + 1 < elements.size() ? ",\n" : "\n");
            }
        }
        sb.append("}\n");
    }

    private static void addRules(StringBuilder sb, String table, Chain c) {
        for (Rule r : c.rules()) {
            sb.append("add rule ").append(table).append(' ').append(c.name()).append(' ');
            NftRenderer.rule(sb, r);
            sb.append('\n');
        }
    }
}
