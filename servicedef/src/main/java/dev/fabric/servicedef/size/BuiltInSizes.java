package dev.fabric.servicedef.size;

import dev.fabric.servicedef.model.VmSize;

import java.util.List;

/** The documented Cloud Services sizes (cores, memory as the definition asks for them). */
final class BuiltInSizes {
    private BuiltInSizes() {
    }

    static final List<VmSize> ALL = List.of(
            new VmSize("ExtraSmall", 1, 768),
            new VmSize("Small", 1, 1792),
            new VmSize("Medium", 2, 3584),
            new VmSize("Large", 4, 7168),
            new VmSize("ExtraLarge", 8, 14336),
            new VmSize("A5", 2, 14336),
            new VmSize("A6", 4, 28672),
            new VmSize("A7", 8, 57344),
            new VmSize("Standard_D1", 1, 3584),
            new VmSize("Standard_D2", 2, 7168),
            new VmSize("Standard_D3", 4, 14336),
            new VmSize("Standard_D4", 8, 28672),
            new VmSize("Standard_D11", 2, 14336),
            new VmSize("Standard_D12", 4, 28672),
            new VmSize("Standard_D13", 8, 57344),
            new VmSize("Standard_D14", 16, 114688),
            new VmSize("Standard_D1_v2", 1, 3584),
            new VmSize("Standard_D2_v2", 2, 7168),
            new VmSize("Standard_D3_v2", 4, 14336),
            new VmSize("Standard_D4_v2", 8, 28672),
            new VmSize("Standard_D5_v2", 16, 57344),
            new VmSize("Standard_D11_v2", 2, 14336),
            new VmSize("Standard_D12_v2", 4, 28672),
            new VmSize("Standard_D13_v2", 8, 57344),
            new VmSize("Standard_D14_v2", 16, 114688));
}
