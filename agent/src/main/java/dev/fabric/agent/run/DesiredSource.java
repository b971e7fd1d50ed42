package dev.fabric.agent.run;

import java.util.List;

/**
 * Where a host's deployments come from: the stand-alone {@link DeploymentStore} that {@code fabric
 * agent apply} fills, or what the controller last pushed ({@link dev.fabric.agent.managed.ManagedState}).
 */
public interface DesiredSource {
    /** @throws RuntimeException when the source cannot be read; the pass reports it and plans nothing */
    List<SourcedDeployment> deployments();

    /** The stand-alone agent: every stored deployment, every instance of it. */
    static DesiredSource of(DeploymentStore store) {
        return () -> store.all().stream().map(d -> new SourcedDeployment(d, java.util.Optional.empty())).toList();
    }
}
