package dev.browseragent.api.task.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code llm_model} must name a v1 model or one the operator added. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownModelValidator.class)
public @interface KnownModel {
    String message() default "value is not a valid enumeration member";

    /** The pydantic-style {@code type} of the 422 problem. */
    String errorType() default "type_error.enum";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
