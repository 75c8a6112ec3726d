package dev.browseragent.api.task.validation;

import dev.browseragent.api.task.ModelCatalog;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class KnownModelValidator implements ConstraintValidator<KnownModel, String> {

    @Inject
    ModelCatalog models;

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || models.isKnown(value)) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate("value is not a valid enumeration member; permitted: "
                        + models.quotedNames())
                .addConstraintViolation();
        return false;
    }
}
