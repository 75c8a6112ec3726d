package dev.browseragent.api.profile;

import dev.browseragent.model.TaskOptions;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Locale;

/** A profile's {@code proxy_country_code}: one of the v1 proxy countries, in any case (as for run-task). */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ProxyCountry.Check.class)
public @interface ProxyCountry {
    String message() default "value is not a valid enumeration member; permitted: 'us', 'uk', 'fr', 'it', 'jp', 'au', 'de', 'fi', 'ca', 'in'";

    /** The pydantic-style {@code type} of the 422 problem. */
    String errorType() default "type_error.enum";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Check implements ConstraintValidator<ProxyCountry, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || TaskOptions.PROXY_COUNTRIES.contains(value.toLowerCase(Locale.ROOT));
        }
    }
}
