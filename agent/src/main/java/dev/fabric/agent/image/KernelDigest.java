package dev.fabric.agent.image;

/**
 * The one digest that names a kernel+initrd pair: the SHA-256 of the two lines {@code sha256sum}
 * prints for them, kernel first ({@code <hex>  vmlinuz\n<hex>  initrd.img\n}). The lab's image
 * builder writes exactly this text to {@code SHA256SUMS}, so {@code sha256sum SHA256SUMS} shows the
 * pair's digest without Fabric.
 */
public final class KernelDigest {
    private KernelDigest() {
    }

    public static String of(String kernelSha256, String initrdSha256) {
        return Sha256.of(sumsText(kernelSha256, initrdSha256));
    }

    static String sumsText(String kernelSha256, String initrdSha256) {
        return kernelSha256 + "  vmlinuz\n" + initrdSha256 + "  initrd.img\n";
    }
}
