package dev.fabric.agent.desired;

import java.util.regex.Pattern;

/**
 * The rule for deployment names. They end up in libvirt domain names, volume names and file paths,
 * so they are kept to letters, digits, '-' and '_' (no dots: the dot separates deployment and role
 * in an instance id).
 */
public final class DeploymentNames {
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

    private DeploymentNames() {
    }

    public static boolean isValid(String name) {
        return name != null && FORM.matcher(name).matches();
    }

    public static String requireValid(String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("deployment name '" + name + "' is not allowed: use 1-40 letters, digits,"
                    + " '-' or '_', starting with a letter or digit (e.g. webfarm)");
        }
        return name;
    }
}
