package dev.fabric.controller.service;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes one role's {@code <Instances count="N"/>} in a .cscfg text and leaves every other byte as the
 * operator wrote it (settings, comments, layout), so the stored file stays theirs. The result is
 * validated again by the caller.
 */
final class CscfgScaler {
    private CscfgScaler() {
    }

    /** @throws IllegalArgumentException when the role or its Instances element is not found */
    static String withInstances(String cscfg, String role, int count) {
        Matcher roleStart = Pattern.compile("<Role\\s[^>]*name\\s*=\\s*([\"'])" + Pattern.quote(role) + "\\1[^>]*>").matcher(cscfg);
        if (!roleStart.find()) {
            throw new IllegalArgumentException("the .cscfg has no Role named '" + role + "'");
        }
        int end = cscfg.indexOf("</Role>", roleStart.end());
        Matcher instances = Pattern.compile("(<Instances\\s[^>]*count\\s*=\\s*)([\"'])\\d+\\2").matcher(cscfg);
        instances.region(roleStart.end(), end < 0 ? cscfg.length() : end);
        if (!instances.find()) {
            throw new IllegalArgumentException("role '" + role + "' in the .cscfg has no <Instances count=...> element");
        }
        return cscfg.substring(0, instances.start()) + instances.group(1) + instances.group(2) + count + instances.group(2)
                + cscfg.substring(instances.end());
    }
}
