package dev.browseragent.api.task.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class JsonTextValidator implements ConstraintValidator<JsonText, JsonNode> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public boolean isValid(JsonNode value, ConstraintValidatorContext context) {
        return value == null || value.isNull() || toObject(value) != null;
    }

    /** The JSON object the value stands for, or null when it is neither an object nor text holding one. */
    public static JsonNode toObject(JsonNode value) {
        if (value.isObject()) {
            return value;
        }
        if (!value.isTextual()) {
            return null;
        }
        try {
            JsonNode parsed = JSON.readTree(value.asText());
            return parsed != null && parsed.isObject() ? parsed : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
