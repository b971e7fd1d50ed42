package dev.fabric.controller.store;

import java.util.regex.Pattern;

/**
 * Where things live under the store's root (decision 0630):
 * <pre>
 * ROOT/generation                     {"format":1,"generation":N}  global, grows with every deployment change
 * ROOT/deployments/NAME               {"format":1,"name","version","generation","definitionGeneration"}
 * ROOT/deployments/NAME/definition    gzip of {"format":1,"generation","csdef","cscfg"}
 * ROOT/deployments/NAME/assignments   {"format":1,"generation","assignments":[...]}
 * ROOT/hosts/NAME                     {"format":1,"host":{...}}
 * </pre>
 * The root carries the layout version ({@code /fabric/v1}), so a later layout can live beside it.
 */
final class StoreLayout {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final String root;

    StoreLayout(String root) {
        if (!root.startsWith("/") || root.endsWith("/") || root.contains("//")) {
            throw new IllegalArgumentException("store root must be an absolute znode path like /fabric/v1, was '" + root + "'");
        }
        this.root = root;
    }

    String root() {
        return root;
    }

    String generation() {
        return root + "/generation";
    }

    String deployments() {
        return root + "/deployments";
    }

    String deployment(String name) {
        return deployments() + "/" + checkName("deployment", name);
    }

    String definition(String name) {
        return deployment(name) + "/definition";
    }

    String assignments(String name) {
        return deployment(name) + "/assignments";
    }

    String hosts() {
        return root + "/hosts";
    }

    String host(String name) {
        return hosts() + "/" + checkName("host", name);
    }

    /** Names become znode names: letters, digits, '_', '.', '-', at most 64, not "." or "..". */
    static String checkName(String what, String name) {
        if (name == null || !NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(what + " name must be 1-64 letters, digits, '_', '.' or '-' (not '.' or '..'), was '"
                    + name + "'");
        }
        return name;
    }
}
