package dev.fabric.controller.api;

import java.util.regex.Pattern;

/**
 * What {@code POST /v1/deployments/{name}/verify} asks each agent to scan (0690).
 *
 * @param ports     TCP ports, e.g. {@code 1-65535} or {@code 22,80,8000-8100}
 * @param timeoutMs how long one connect may take before the port counts as filtered
 */
public record VerifyOptions(String ports, int timeoutMs) {
    // before DEFAULT: the constructor of DEFAULT uses it during class initialisation
    private static final Pattern LIST = Pattern.compile("[0-9]{1,5}(-[0-9]{1,5})?(,[0-9]{1,5}(-[0-9]{1,5})?){0,199}");
    public static final VerifyOptions DEFAULT = new VerifyOptions("1-65535", 1500);
    public static final int MAX_TIMEOUT_MS = 10_000;

    /** @throws IllegalArgumentException for people: what is wrong with the port list or the timeout */
    public VerifyOptions {
        if (ports == null || !LIST.matcher(ports).matches()) {
            throw new IllegalArgumentException("ports '" + ports + "' is not a list like 22,80,8000-8100 (at most 200 items)");
        }
        for (String item : ports.split(",")) {
            String[] ends = item.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = Integer.parseInt(ends[ends.length - 1]);
            if (from < 1 || to > 65535 || from > to) {
                throw new IllegalArgumentException("ports item '" + item + "' is not within 1-65535 in rising order");
            }
        }
        if (timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) {
            throw new IllegalArgumentException("timeoutMs " + timeoutMs + " is out of range 1.." + MAX_TIMEOUT_MS);
        }
    }
}
