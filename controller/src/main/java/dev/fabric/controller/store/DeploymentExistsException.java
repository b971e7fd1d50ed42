package dev.fabric.controller.store;

/** A create found a deployment of that name already stored; nothing was written. */
public class DeploymentExistsException extends StoreException {
    public DeploymentExistsException(String name) {
        super("deployment " + name + " exists; delete it first or choose another name");
    }
}
