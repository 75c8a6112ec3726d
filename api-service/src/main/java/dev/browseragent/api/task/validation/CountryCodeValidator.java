package dev.browseragent.api.task.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import java.util.Locale;
import java.util.Set;

public class CountryCodeValidator implements ConstraintValidator<CountryCode, String> {

    static final Set<String> COUNTRIES = Set.of("us", "uk", "fr", "it", "jp", "au", "de", "fi", "ca", "in");

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || COUNTRIES.contains(value.toLowerCase(Locale.ROOT));
    }
}
