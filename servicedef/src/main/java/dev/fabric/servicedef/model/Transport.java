package dev.fabric.servicedef.model;

/**
 * What an endpoint opens at the packet level. The csdef protocols http and https are TCP;
 * {@code ANY} (InternalEndpoint protocol="any") means every port of every protocol.
 */
public enum Transport {
    TCP, UDP, ANY;

    /** Maps a csdef protocol attribute value (http, https, tcp, udp, any) to its transport. */
    public static Transport ofProtocol(String protocol) {
        return switch (protocol) {
            case "http", "https", "tcp" -> TCP;
            case "udp" -> UDP;
            case "any" -> ANY;
            default -> throw new IllegalArgumentException("unknown protocol '" + protocol + "'");
        };
    }
}
