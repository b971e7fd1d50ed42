package dev.fabric.servicedef.model;

/** A named virtual machine size: cores and memory as the definition asks for them (before host scaling). */
public record VmSize(String name, int cores, long memoryMiB) {
}
