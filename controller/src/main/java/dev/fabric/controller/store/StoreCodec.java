package dev.fabric.controller.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.fabric.controller.store.StoreDocuments.Document;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Znode data to documents and back: JSON through Jackson, strict (unknown or missing fields, nulls
 * for numbers, trailing garbage are errors), optionally gzipped. Whatever cannot be read becomes a
 * {@link CorruptStoreException} naming the znode.
 */
final class StoreCodec {
    /** Two 4 MiB definition files plus JSON escaping; more than this from a gzip stream is a bomb. */
    static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    byte[] write(Document document) {
        try {
            return json.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot write " + document.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    byte[] writeGzipped(Document document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(write(document));
        } catch (IOException e) {
            throw new StoreException("cannot compress " + document.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    <T extends Document> T read(String path, byte[] data, Class<T> type) {
        if (data == null || data.length == 0) {
            throw new CorruptStoreException(path, "the znode is empty, expected a " + type.getSimpleName() + " JSON document", null);
        }
        T document;
        try {
            document = json.readValue(data, type);
        } catch (IOException | RuntimeException e) { // RuntimeException: a record constructor refused a value
            throw new CorruptStoreException(path, "not a valid " + type.getSimpleName() + " JSON document: " + firstLine(e), e);
        }
        if (document.format() != StoreDocuments.FORMAT) {
            throw new CorruptStoreException(path, "unknown format " + document.format() + " (this controller reads format "
                    + StoreDocuments.FORMAT + "; was it written by a newer controller?)", null);
        }
        return document;
    }

    <T extends Document> T readGzipped(String path, byte[] data, Class<T> type) {
        return read(path, gunzip(path, data), type);
    }

    private static byte[] gunzip(String path, byte[] data) {
        if (data == null || data.length < 2 || (data[0] & 0xff) != 0x1f || (data[1] & 0xff) != 0x8b) {
            throw new CorruptStoreException(path, "expected gzip-compressed JSON, the data does not start with the gzip magic", null);
        }
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data))) {
            byte[] inflated = in.readNBytes(MAX_INFLATED_BYTES + 1);
            if (inflated.length > MAX_INFLATED_BYTES) {
                throw new CorruptStoreException(path, "inflates to more than " + MAX_INFLATED_BYTES + " bytes", null);
            }
            return inflated;
        } catch (IOException e) {
            throw new CorruptStoreException(path, "broken gzip data: " + e.getMessage(), e);
        }
    }

    private static String firstLine(Exception e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
