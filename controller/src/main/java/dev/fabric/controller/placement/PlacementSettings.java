package dev.fabric.controller.placement;

import dev.fabric.servicedef.model.VmSize;

/**
 * How host capacity is counted.
 *
 * @param cpuAllocationRatio vCPUs given out per host CPU. Default {@value #DEFAULT_CPU_ALLOCATION_RATIO}:
 *                           OpenStack Nova's long-standing default, and the same 16x the lab applies to
 *                           memory; lab hosts are identical 2-core machines running mostly idle guests,
 *                           so a ratio of 1 would allow two ExtraSmall instances per host.
 * @param memoryScaleNumerator   with the denominator and floor: the memory an instance really gets from a
 * @param memoryScaleDenominator vmsize, {@code max(floor, ceil(size * num / den))}; must equal the agents'
 * @param memoryFloorMiB         {@code memory.scale} (default 1/16, floor 128 MiB), since hosts report the
 *                               memory they give to guests, not vmsize memory
 */
public record PlacementSettings(double cpuAllocationRatio, long memoryScaleNumerator, long memoryScaleDenominator,
                                long memoryFloorMiB) {
    public static final double DEFAULT_CPU_ALLOCATION_RATIO = 16.0;
    public static final PlacementSettings DEFAULTS = new PlacementSettings(DEFAULT_CPU_ALLOCATION_RATIO, 1, 16, 128);
    /** No scaling: vmsize memory as written; for tests and hosts that report vmsize memory. */
    public static final PlacementSettings UNSCALED = new PlacementSettings(1.0, 1, 1, 0);

    public PlacementSettings {
        if (!(cpuAllocationRatio > 0) || Double.isInfinite(cpuAllocationRatio)) {
            throw new IllegalArgumentException("cpu allocation ratio must be a positive number, was " + cpuAllocationRatio);
        }
        if (memoryScaleNumerator < 1 || memoryScaleDenominator < 1 || memoryFloorMiB < 0) {
            throw new IllegalArgumentException("memory scale " + memoryScaleNumerator + "/" + memoryScaleDenominator
                    + " floor " + memoryFloorMiB + " MiB: numbers must be positive");
        }
    }

    /** What one instance of this size takes from a host. */
    public Resources need(VmSize size) {
        long scaled = Math.floorDiv(size.memoryMiB() * memoryScaleNumerator + memoryScaleDenominator - 1,
                memoryScaleDenominator);
        return new Resources(size.cores(), Math.max(memoryFloorMiB, scaled));
    }

    /** What a host with this many CPUs and this much guest memory offers. */
    public Resources capacity(int cpus, long memoryMiB) {
        return new Resources((long) Math.floor(cpus * cpuAllocationRatio), memoryMiB);
    }
}
