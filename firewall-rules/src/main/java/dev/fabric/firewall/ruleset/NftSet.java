package dev.fabric.firewall.ruleset;

import java.util.List;

/**
 * A named set or map. {@code type} is the text after {@code type}/{@code typeof} (for a map
 * including {@code : value type}), e.g. {@code type ipv4_addr . inet_proto . inet_service : verdict}.
 */
public record NftSet(String name, boolean map, String type, boolean interval, String comment, List<Element> elements) {
    public NftSet {
        Nft.checkIdentifier(name);
        comment = Nft.comment(comment);
        elements = List.copyOf(elements);
    }

    /** Everything but the elements: two sets with equal definitions can be updated element by element. */
    public NftSet definition() {
        return new NftSet(name, map, type, interval, comment, List.of());
    }

    public String keyword() {
        return map ? "map" : "set";
    }
}
