package dev.fabric.controller.placement;

/** vCPUs and memory: what an instance needs, what a host has, what is left. */
public record Resources(long vcpus, long memoryMiB) {
    public static final Resources NONE = new Resources(0, 0);

    public Resources plus(Resources o) {
        return new Resources(vcpus + o.vcpus, memoryMiB + o.memoryMiB);
    }

    public Resources minus(Resources o) {
        return new Resources(vcpus - o.vcpus, memoryMiB - o.memoryMiB);
    }

    public boolean fitsIn(Resources free) {
        return vcpus <= free.vcpus && memoryMiB <= free.memoryMiB;
    }

    @Override
    public String toString() {
        return vcpus + " vCPU/" + memoryMiB + " MiB";
    }
}
