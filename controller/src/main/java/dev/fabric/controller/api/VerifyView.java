package dev.fabric.controller.api;

import java.util.List;
import java.util.Objects;

/**
 * The answer of {@code POST /v1/deployments/{name}/verify} (0690): per host that holds instances of the
 * deployment, what a probe on its instance bridge (an address of no deployment) reached on each instance.
 * The outside vantage point is the client's own ({@code fabric verify --from}); so that it can judge what
 * the outside must reach (endpoint ACLs are evaluated on the client's source address) the definition comes
 * along, as stored.
 *
 * @param version   the deployment's version when the requests went out
 * @param instances every instance with its host and address, as {@code GET /v1/deployments/{name}} shows them
 * @param hosts     one entry per host holding an instance, by name; a host that is not connected or did not
 *                  answer is listed as such, never left out
 * @param ok        every host verified, every instance of every host as expected
 */
public record VerifyView(String deployment, long version, String ports, int timeoutMs, boolean ok, List<HostVerifyView> hosts,
                         List<InstanceView> instances, String csdef, String cscfg) {
    public VerifyView {
        Objects.requireNonNull(deployment, "deployment");
        hosts = List.copyOf(hosts);
        instances = List.copyOf(instances);
    }

    /**
     * One host's part.
     *
     * @param outcome         {@value #VERIFIED}, {@value #NOT_CONNECTED}, {@value #NO_ANSWER} or {@value #FAILED}
     * @param detail          why, for people, when not verified; "" otherwise
     * @param probeAddress    the bridge probe's address (the source the instances saw), "" when none was attached
     * @param externalAddress where the host forwards public ports ("" when it did not answer)
     */
    public record HostVerifyView(String host, String outcome, String detail, String bridge, String probeAddress,
                                 String externalAddress, List<InstanceVerifyView> instances) {
        public static final String VERIFIED = "verified";
        public static final String NOT_CONNECTED = "not-connected";
        public static final String NO_ANSWER = "no-answer";
        public static final String FAILED = "failed";

        public HostVerifyView {
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(outcome, "outcome");
            detail = detail == null ? "" : detail;
            bridge = bridge == null ? "" : bridge;
            probeAddress = probeAddress == null ? "" : probeAddress;
            externalAddress = externalAddress == null ? "" : externalAddress;
            instances = List.copyOf(instances);
        }

        public static HostVerifyView unverified(String host, String outcome, String detail) {
            return new HostVerifyView(host, outcome, detail, "", "", "", List.of());
        }

        public boolean ok() {
            return VERIFIED.equals(outcome) && instances.stream().allMatch(InstanceVerifyView::ok);
        }
    }

    /**
     * One instance seen from the host's bridge probe. Port lists are written {@code 22,80,8000-8100}, "" for none.
     *
     * @param state    the domain's state as the agent sees it ({@code running}, {@code no domain}, ...), or
     *                 {@value #NOT_REPORTED} when the controller placed it there but the agent did not check it
     * @param expected the ports a stranger on the bridge must reach (Input/InstanceInput local ports its ACLs allow)
     * @param open     the ports that answered
     */
    public record InstanceVerifyView(String instanceId, String role, int index, String address, String state, String expected,
                                     String open, String missing, String extra, boolean ok) {
        public static final String NOT_REPORTED = "not reported";

        public InstanceVerifyView {
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(role, "role");
        }
    }
}
