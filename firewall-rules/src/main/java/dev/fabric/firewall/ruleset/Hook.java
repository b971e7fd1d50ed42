package dev.fabric.firewall.ruleset;

/** What makes a chain a base chain, e.g. {@code type filter hook forward priority filter; policy accept;}. */
public record Hook(String type, String hook, String priority, String policy) {
    public String render() {
        return "type " + type + " hook " + hook + " priority " + priority + "; policy " + policy + ";";
    }
}
