package dev.fabric.controller.inventory;

import dev.fabric.servicedef.Diagnostic;

import java.util.List;
import java.util.Optional;

/** What reading {@code datacenter.xml} gave: the inventory when the file has no errors, and every finding. */
public record InventoryLoad(Optional<Inventory> inventory, List<Diagnostic> diagnostics) {
    public InventoryLoad {
        diagnostics = List.copyOf(diagnostics);
        if (inventory.isPresent() && diagnostics.stream().anyMatch(Diagnostic::isError)) {
            throw new IllegalArgumentException("an inventory with errors is not valid");
        }
    }

    public boolean isValid() {
        return inventory.isPresent();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
