package dev.browseragent.api.task.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A JSON value given either as an object or as a string holding JSON text (as v1 clients send it). */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = JsonTextValidator.class)
public @interface JsonText {
    String message() default "must be a JSON object, or a string holding one";

    /** The pydantic-style {@code type} of the 422 problem. */
    String errorType() default "value_error.json";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
