package dev.fabric.controller.inventory;

import dev.fabric.servicedef.Diagnostic;

import java.util.List;

/** Told by {@link InventoryWatcher} what a (re)read of {@code datacenter.xml} gave. */
public interface InventoryListener {
    /** A valid inventory that differs from the one before (the first valid read counts as a change). */
    void inventoryChanged(Inventory inventory);

    /** The file changed but is not valid; the previous inventory (if any) stays in force. */
    void inventoryRejected(List<Diagnostic> errors);
}
