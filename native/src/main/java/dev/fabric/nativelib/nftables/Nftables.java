package dev.fabric.nativelib.nftables;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * One long-lived libnftables context (the first command on a new context costs about 10 ms, later
 * ones far less). Output and errors are buffered and returned instead of printed. Calls are
 * serialised: a libnftables context is not thread-safe.
 *
 * <p>The context talks netlink in the network namespace of the thread that created it (libnftables
 * opens its socket in {@code nft_ctx_new}), so create it on a thread inside the namespace you want.
 */
public final class Nftables implements AutoCloseable {
    private static final class Holder {
        static final LibNftables LIB = Native.load("nftables", LibNftables.class);
    }

    private Pointer ctx;

    private Nftables(Pointer ctx) {
        this.ctx = ctx;
    }

    /** Opens a context; throws {@link UnsatisfiedLinkError} when libnftables.so.1 is not installed. */
    public static Nftables open() {
        Pointer ctx = Holder.LIB.nft_ctx_new(LibNftables.NFT_CTX_DEFAULT);
        if (ctx == null) {
            throw new IllegalStateException("nft_ctx_new failed (out of memory?)");
        }
        Holder.LIB.nft_ctx_buffer_output(ctx);
        Holder.LIB.nft_ctx_buffer_error(ctx);
        return new Nftables(ctx);
    }

    /**
     * Runs {@code commands} (nft syntax, one transaction) and returns nft's output (empty for most
     * changes; the listing for {@code list ...}).
     *
     * @throws NftException carrying nft's error text when the commands are rejected; then nothing
     *                      of the buffer was applied
     */
    public synchronized String run(String commands) {
        return execute(commands, false);
    }

    /**
     * Checks {@code commands} against the kernel without changing anything (nft -c).
     *
     * @throws NftException carrying nft's error text when the commands would be rejected
     */
    public synchronized void check(String commands) {
        execute(commands, true);
    }

    private String execute(String commands, boolean dryRun) {
        if (ctx == null) {
            throw new IllegalStateException("nftables context already closed");
        }
        LibNftables lib = Holder.LIB;
        lib.nft_ctx_set_dry_run(ctx, dryRun);
        try {
            int rc = lib.nft_run_cmd_from_buffer(ctx, commands);
            // Reading the buffers also resets them for the next command.
            String out = nullToEmpty(lib.nft_ctx_get_output_buffer(ctx));
            String err = nullToEmpty(lib.nft_ctx_get_error_buffer(ctx));
            if (rc != 0) {
                throw new NftException(err.isBlank() ? "nft_run_cmd_from_buffer returned " + rc : err);
            }
            return out;
        } finally {
            if (dryRun) {
                lib.nft_ctx_set_dry_run(ctx, false);
            }
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public synchronized void close() {
        if (ctx != null) {
            Holder.LIB.nft_ctx_free(ctx);
            ctx = null;
        }
    }
}
