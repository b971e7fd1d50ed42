package dev.fabric.firewall.ruleset;

import java.util.List;

/** A chain: a base chain when {@code hook} is not null, otherwise a jump target. */
public record Chain(String name, Hook hook, String comment, List<Rule> rules) {
    public Chain {
        Nft.checkIdentifier(name);
        comment = Nft.comment(comment);
        rules = List.copyOf(rules);
    }

    /** Everything but the rules. */
    public Chain definition() {
        return new Chain(name, hook, comment, List.of());
    }
}
