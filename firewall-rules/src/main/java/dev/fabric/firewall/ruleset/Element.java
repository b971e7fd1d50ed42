package dev.fabric.firewall.ruleset;

/**
 * One element of a set ({@code value} null) or map, in nft syntax: {@code 10.213.0.10 . tcp . 8080}
 * mapped to {@code accept}. The key identifies the element; a changed value or comment is a delete
 * plus an add.
 */
public record Element(String key, String value, String comment) {
    public Element {
        comment = Nft.comment(comment);
    }

    public static Element of(String key, String comment) {
        return new Element(key, null, comment);
    }
}
