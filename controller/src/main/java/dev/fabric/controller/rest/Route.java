package dev.fabric.controller.rest;

import dev.fabric.controller.api.ApiNames;
import io.netty.handler.codec.http.HttpMethod;

import java.util.List;

/**
 * The API's routes (docs/decisions/0650). {@link #match} turns a method and raw path into a route with its
 * (checked) path names, or refuses: unknown path 404, known path with another method 405, bad name 400.
 */
enum Route {
    LIST_DEPLOYMENTS, DEPLOY, GET_DEPLOYMENT, DELETE_DEPLOYMENT, SCALE_ROLE, LIST_HOSTS, STATUS, VERIFY;

    /** A matched route; {@code deployment} and {@code role} are null where the path has none. */
    record Match(Route route, String deployment, String role) {
    }

    static Match match(HttpMethod method, String rawPath) {
        String[] s = rawPath.split("/", -1);
        // "" "v1" ...
        if (s.length < 3 || !s[0].isEmpty() || !s[1].equals("v1")) {
            throw RequestError.notFound("no such resource: " + rawPath + " (the API lives under /v1/)");
        }
        List<String> p = List.of(s).subList(2, s.length);
        if (p.equals(List.of("deployments"))) {
            return pick(method, rawPath, "GET, POST", m -> m.equals(HttpMethod.GET) ? LIST_DEPLOYMENTS
                    : m.equals(HttpMethod.POST) ? DEPLOY : null, null, null);
        }
        if (p.equals(List.of("hosts"))) {
            return pick(method, rawPath, "GET", m -> m.equals(HttpMethod.GET) ? LIST_HOSTS : null, null, null);
        }
        if (p.equals(List.of("status"))) {
            return pick(method, rawPath, "GET", m -> m.equals(HttpMethod.GET) ? STATUS : null, null, null);
        }
        if (p.size() == 2 && p.get(0).equals("deployments")) {
            String name = deployment(p.get(1));
            return pick(method, rawPath, "GET, DELETE", m -> m.equals(HttpMethod.GET) ? GET_DEPLOYMENT
                    : m.equals(HttpMethod.DELETE) ? DELETE_DEPLOYMENT : null, name, null);
        }
        if (p.size() == 3 && p.get(0).equals("deployments") && p.get(2).equals("verify")) {
            String name = deployment(p.get(1));
            return pick(method, rawPath, "POST", m -> m.equals(HttpMethod.POST) ? VERIFY : null, name, null);
        }
        if (p.size() == 4 && p.get(0).equals("deployments") && p.get(2).equals("roles")) {
            String name = deployment(p.get(1));
            String role = p.get(3);
            if (!ApiNames.isRole(role)) {
                throw RequestError.badRequest("role name '" + role + "' is not allowed: " + ApiNames.roleRule());
            }
            return pick(method, rawPath, "PUT", m -> m.equals(HttpMethod.PUT) ? SCALE_ROLE : null, name, role);
        }
        throw RequestError.notFound("no such resource: " + rawPath);
    }

    static String deployment(String name) {
        if (!ApiNames.isDeployment(name)) {
            throw RequestError.badRequest("deployment name '" + name + "' is not allowed: " + ApiNames.deploymentRule());
        }
        return name;
    }

    private static Match pick(HttpMethod method, String path, String allow, java.util.function.Function<HttpMethod, Route> which,
                              String deployment, String role) {
        Route r = which.apply(method);
        if (r == null) {
            throw RequestError.methodNotAllowed(method.name(), path, allow);
        }
        return new Match(r, deployment, role);
    }
}
