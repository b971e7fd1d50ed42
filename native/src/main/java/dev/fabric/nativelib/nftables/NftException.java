package dev.fabric.nativelib.nftables;

/** nftables refused a command; the message is nft's own error text (with the caret under the bad token). */
public final class NftException extends RuntimeException {
    private final String nftError;

    public NftException(String nftError) {
        super("nftables refused the commands:\n" + nftError.strip());
        this.nftError = nftError;
    }

    /** nft's error output, unchanged. */
    public String nftError() {
        return nftError;
    }
}
