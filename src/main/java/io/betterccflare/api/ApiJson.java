package io.betterccflare.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.betterccflare.server.Json;

/** Serialises a value with the server's JSON mapper, for hand-written responses such as SSE frames. Stateless. */
final class ApiJson {
    private ApiJson() {
    }

    static String write(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
