package dev.browseragent.api.task.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An {@code allowed_domains} entry must be a {@link dev.browseragent.model.DomainPattern}. */
@Target({ElementType.TYPE_USE, ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = AllowedDomainValidator.class)
public @interface AllowedDomain {
    String message() default "invalid domain pattern";

    /** The pydantic-style {@code type} of the 422 problem. */
    String errorType() default "value_error.domain_pattern";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
