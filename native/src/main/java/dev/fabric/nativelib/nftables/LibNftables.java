package dev.fabric.nativelib.nftables;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/** The subset of libnftables (nftables/libnftables.h) that Fabric calls. Not thread-safe: see {@link Nftables}. */
interface LibNftables extends Library {
    int NFT_CTX_DEFAULT = 0;

    Pointer nft_ctx_new(int flags);

    void nft_ctx_free(Pointer ctx);

    int nft_ctx_buffer_output(Pointer ctx);

    int nft_ctx_buffer_error(Pointer ctx);

    String nft_ctx_get_output_buffer(Pointer ctx);

    String nft_ctx_get_error_buffer(Pointer ctx);

    void nft_ctx_set_dry_run(Pointer ctx, boolean dry);

    int nft_run_cmd_from_buffer(Pointer ctx, String buf);
}
