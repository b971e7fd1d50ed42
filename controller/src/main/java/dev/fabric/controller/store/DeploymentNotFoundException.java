package dev.fabric.controller.store;

/** The named deployment is not stored (never created, or deleted meanwhile). */
public class DeploymentNotFoundException extends StoreException {
    public DeploymentNotFoundException(String name) {
        super("deployment " + name + " does not exist");
    }
}
