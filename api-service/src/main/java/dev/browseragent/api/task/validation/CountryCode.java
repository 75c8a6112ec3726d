package dev.browseragent.api.task.validation;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** {@code proxy_country_code} must be one of the v1 proxy countries, in any case. */
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = CountryCodeValidator.class)
public @interface CountryCode {
    String message() default "value is not a valid enumeration member; permitted: 'us', 'uk', 'fr', 'it', 'jp', 'au', 'de', 'fi', 'ca', 'in'";

    /** The pydantic-style {@code type} of the 422 problem. */
    String errorType() default "type_error.enum";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
