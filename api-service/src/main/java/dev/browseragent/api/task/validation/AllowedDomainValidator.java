package dev.browseragent.api.task.validation;

import dev.browseragent.model.DomainPattern;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class AllowedDomainValidator implements ConstraintValidator<AllowedDomain, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        DomainPattern.Parsed parsed = DomainPattern.parse(value);
        if (parsed.isValid()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("invalid domain pattern: " + escape(parsed.error()))
                .addConstraintViolation();
        return false;
    }

    /** The reason may quote the client's text, which must not be read as a message template. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
