package dev.fabric.controller.rest;

import dev.fabric.controller.api.ApiException;

import java.util.List;

/** A request refused by the REST layer itself (before or instead of the controller): status, code and words for people. */
final class RequestError extends RuntimeException {
    private final int status;
    private final String code;
    private final List<String> details;
    private final String allow;

    RequestError(int status, String code, String message, List<String> details, String allow) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = List.copyOf(details);
        this.allow = allow;
    }

    static RequestError badRequest(String message) {
        return new RequestError(400, ApiException.Kind.INVALID.code(), message, List.of(), null);
    }

    static RequestError notFound(String message) {
        return new RequestError(404, ApiException.Kind.NOT_FOUND.code(), message, List.of(), null);
    }

    static RequestError methodNotAllowed(String method, String path, String allow) {
        return new RequestError(405, "method-not-allowed", method + " is not allowed on " + path + " (allowed: " + allow + ")",
                List.of(), allow);
    }

    static RequestError tooLarge(String message) {
        return new RequestError(413, "too-large", message, List.of(), null);
    }

    static RequestError unsupportedMediaType(String message) {
        return new RequestError(415, "unsupported-media-type", message, List.of(), null);
    }

    static RequestError from(ApiException e) {
        return new RequestError(e.status(), e.kind().code(), e.getMessage(), e.details(), null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<String> details() {
        return details;
    }

    /** The Allow header of a 405, else null. */
    String allow() {
        return allow;
    }
}
