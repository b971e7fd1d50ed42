package dev.fabric.firewall.compile;

/**
 * Why a port of an instance is open: to everyone ({@code restrictedBy} null) or only to the sources
 * a chain accepts (an endpoint ACL or an internal endpoint's source group). A chain that does not
 * accept returns, so other grants on the same port still get their turn.
 */
record Grant(String endpoint, String restrictedBy) implements Comparable<Grant> {
    static Grant open(String endpoint) {
        return new Grant(endpoint, null);
    }

    boolean isOpen() {
        return restrictedBy == null;
    }

    @Override
    public int compareTo(Grant o) {
        int c = endpoint.compareTo(o.endpoint);
        if (c != 0) {
            return c;
        }
        return String.valueOf(restrictedBy).compareTo(String.valueOf(o.restrictedBy));
    }
}
