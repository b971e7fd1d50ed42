package dev.fabric.controller.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * A request body checked field by field, so that a refusal names the field: the body must be one JSON object
 * (no duplicate keys, nothing after it) with exactly the allowed fields, each of the right type.
 */
final class JsonBody {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final ObjectNode node;

    private JsonBody(ObjectNode node) {
        this.node = node;
    }

    /** Parses {@code body} and checks that it has all of {@code fields} and nothing else. */
    static JsonBody parse(byte[] body, List<String> fields) {
        if (body.length == 0) {
            throw RequestError.badRequest("the request needs a JSON object with " + String.join(", ", fields));
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestError.badRequest("the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (IOException e) {
            throw RequestError.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!(tree instanceof ObjectNode object)) {
            throw RequestError.badRequest("the body must be a JSON object with " + String.join(", ", fields));
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw RequestError.badRequest("unknown field '" + f + "' (this request takes " + String.join(", ", fields) + ")");
            }
        }
        for (String f : fields) {
            if (!object.has(f)) {
                throw RequestError.badRequest("missing field '" + f + "'");
            }
        }
        return new JsonBody(object);
    }

    /** A string field of at most {@code maxBytes} UTF-8 bytes. */
    String text(String field, long maxBytes) {
        JsonNode v = node.get(field);
        if (!v.isTextual()) {
            throw RequestError.badRequest("field '" + field + "' must be a string");
        }
        String s = v.textValue();
        if (s.length() > maxBytes || s.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
            throw RequestError.tooLarge("field '" + field + "' is larger than " + (maxBytes / (1024 * 1024)) + " MiB");
        }
        return s;
    }

    /** A whole-number field from {@code min} to {@code max}. */
    int integer(String field, int min, int max) {
        JsonNode v = node.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw RequestError.badRequest("field '" + field + "' must be a whole number from " + min + " to " + max
                    + ", was " + v);
        }
        return v.intValue();
    }
}
