package dev.browseragent.api.validation;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads one (non-null) JSON value: returns what it stands for, or adds one problem per thing wrong with it at
 * {@code loc} and returns null.
 */
@FunctionalInterface
public interface JsonRule<T> {

    T read(JsonNode value, Loc loc, Problems problems);
}
