package dev.fabric.controller.api;

import java.util.List;

/**
 * What the REST API asks of the controller: the seam between {@code dev.fabric.controller.rest} (HTTP,
 * TLS, JSON, validation of the request's shape) and the controller proper (placement, store, agents).
 *
 * <p>Contract for implementations:
 * <ul>
 *   <li>Names reaching these methods have passed {@link ApiNames}: the REST layer checks them first.</li>
 *   <li>A refusal is an {@link ApiException} with its {@link ApiException.Kind}; anything else thrown is
 *       a fault of the controller (HTTP 500, logged with its stack trace, the client told only "internal error").</li>
 *   <li>Methods may block (ZooKeeper, placement): the REST server calls them on its own small executor,
 *       never on a network thread. They must be safe to call from several threads.</li>
 *   <li>Views are snapshots; instances are ordered by role in definition order, then index.</li>
 * </ul>
 */
public interface ControllerApi {

    /**
     * Validates the definition (as {@code ServiceDefinitions} does), places every instance and stores the deployment.
     *
     * @param csdef the .csdef as UTF-8 XML text, as the operator gave it
     * @param cscfg the .cscfg as UTF-8 XML text
     * @return the new deployment, version 1 or above, its instances typically {@code pending}
     * @throws ApiException {@link ApiException.Kind#INVALID} with the {@code FILE:LINE:COL: error: ...} diagnostics as details,
     *                      {@link ApiException.Kind#EXISTS} if the name is taken,
     *                      {@link ApiException.Kind#NO_CAPACITY} if the hosts cannot take every instance (nothing is stored then)
     */
    DeploymentView deploy(String name, String csdef, String cscfg);

    /** @throws ApiException {@link ApiException.Kind#NOT_FOUND} for an unknown deployment */
    DeploymentView get(String name);

    /** Every deployment, ordered by name. */
    List<DeploymentView> list();

    /**
     * Sets the instance count of one role; new instances are placed, surplus ones (highest index first) removed.
     *
     * @throws ApiException NOT_FOUND (deployment or role), INVALID (count out of the range the controller accepts),
     *                      NO_CAPACITY (nothing changed then)
     */
    DeploymentView scale(String name, String role, int count);

    /**
     * Removes a deployment: its instances are stopped and their volumes removed by their agents.
     *
     * @return the deployment as it was just before deletion
     * @throws ApiException NOT_FOUND for an unknown deployment
     */
    DeploymentView delete(String name);

    /** Every host in the inventory, ordered by name. */
    List<HostView> hosts();

    /**
     * Asks every host holding an instance of the deployment to scan its instances from a probe on its instance
     * bridge and waits for all of them (0690). Blocks for as long as the scans take (seconds; bounded by the
     * controller's wait per host). A host that is not connected or does not answer in time is in the view as
     * such.
     *
     * @throws ApiException NOT_FOUND for an unknown deployment; UNAVAILABLE where verification is not offered
     */
    default VerifyView verify(String name, VerifyOptions options) {
        throw new ApiException(ApiException.Kind.UNAVAILABLE, "this controller cannot verify deployments");
    }
}
