package dev.fabric.controller.api;

import java.util.regex.Pattern;

/**
 * Names the API accepts in paths and bodies. Deployment names follow the agent's rule (DeploymentNames:
 * they become libvirt domain names, volume names and file paths); role names are what a csdef may
 * declare and a URL path segment can carry without escaping.
 */
public final class ApiNames {
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");
    private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");

    private ApiNames() {
    }

    public static boolean isDeployment(String name) {
        return name != null && DEPLOYMENT.matcher(name).matches();
    }

    public static boolean isRole(String name) {
        return name != null && ROLE.matcher(name).matches();
    }

    public static String deploymentRule() {
        return "use 1-40 letters, digits, '-' or '_', starting with a letter or digit (e.g. webfarm)";
    }

    public static String roleRule() {
        return "use 1-100 letters, digits, '.', '-' or '_', starting with a letter or digit";
    }
}
