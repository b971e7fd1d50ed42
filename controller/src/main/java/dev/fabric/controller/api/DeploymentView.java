package dev.fabric.controller.api;

import java.util.List;
import java.util.Objects;

/**
 * A deployment as the API shows it.
 *
 * @param version   grows with every change of the deployment (scale, reincarnation); 1 after deploy
 * @param roles     each role and its instance count, in definition order
 * @param instances every instance, by role in definition order, then index
 */
public record DeploymentView(String name, long version, List<RoleView> roles, List<InstanceView> instances) {
    public DeploymentView {
        Objects.requireNonNull(name, "name");
        roles = List.copyOf(roles);
        instances = List.copyOf(instances);
    }

    /**
     * True when every instance runs and serves (what {@code fabric deploy --wait} waits for). A view without
     * instances is not ready: the controller lists every configured instance, pending ones included.
     */
    public boolean ready() {
        return !instances.isEmpty() && instances.stream().allMatch(InstanceView::ready);
    }
}
