package dev.fabric.controller.api;

import java.util.List;
import java.util.Objects;

/**
 * A refusal of the controller, for people: what went wrong ({@link #getMessage()}) and, where there are several
 * problems, one line each ({@link #details()}, e.g. {@code webfarm.csdef:12:5: error: ...}). The REST API sends it
 * as {@code {"error": message, "code": kind, "details": [...]}} with the kind's HTTP status.
 */
public final class ApiException extends RuntimeException {

    /** Why a request was refused, with its HTTP status (docs/decisions/0650). */
    public enum Kind {
        /** Bad request: malformed JSON, a bad name, an invalid service definition (details: the diagnostics). */
        INVALID(400, "invalid"),
        /** The client certificate is not an operator's. Only the REST layer raises it. */
        FORBIDDEN(403, "forbidden"),
        /** No such deployment, role or route. */
        NOT_FOUND(404, "not-found"),
        /** A deployment of that name exists already. */
        EXISTS(409, "exists"),
        /** The request conflicts with a change in progress (e.g. the deployment is being deleted). */
        CONFLICT(409, "conflict"),
        /** The hosts cannot take the instances asked for (not enough cpus, memory, fault domains); nothing changed. */
        NO_CAPACITY(409, "no-capacity"),
        /** The controller cannot serve right now (e.g. no ZooKeeper quorum); try again later. */
        UNAVAILABLE(503, "unavailable");

        private final int status;
        private final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        /** The machine-readable word in the error body's {@code code} field. */
        public String code() {
            return code;
        }
    }

    private final Kind kind;
    private final List<String> details;

    public ApiException(Kind kind, String message, List<String> details) {
        super(Objects.requireNonNull(message, "message"));
        this.kind = Objects.requireNonNull(kind, "kind");
        this.details = List.copyOf(details);
    }

    public ApiException(Kind kind, String message) {
        this(kind, message, List.of());
    }

    public static ApiException invalid(String message, List<String> details) {
        return new ApiException(Kind.INVALID, message, details);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Kind.NOT_FOUND, message);
    }

    public static ApiException exists(String message) {
        return new ApiException(Kind.EXISTS, message);
    }

    public static ApiException noCapacity(String message, List<String> details) {
        return new ApiException(Kind.NO_CAPACITY, message, details);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return kind.status();
    }

    public List<String> details() {
        return details;
    }
}
