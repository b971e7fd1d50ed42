package dev.fabric.firewall.ruleset;

/** One rule: nft statement text, and a comment that names what it is for (may be null). */
public record Rule(String statement, String comment) {
    public Rule {
        comment = Nft.comment(comment);
    }

    public static Rule of(String statement) {
        return new Rule(statement, null);
    }
}
