package dev.browseragent.api.file;

import dev.browseragent.api.error.ValidationProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** What an upload may be: the v1 file types, a plain file name, at most 10 MB. */
public final class UploadRules {

    public static final long MAX_FILE_BYTES = 10L * 1024 * 1024;
    public static final int MAX_FILE_NAME_LENGTH = 255;

    static final List<String> EXTENSIONS = List.of(".txt", ".csv", ".json", ".xml", ".html", ".md", ".jpg", ".jpeg",
            ".png", ".gif", ".webp", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx");

    /** {@code type/subtype}, optionally with parameters such as {@code ; charset=utf-8}. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\\s*;.*)?");

    private UploadRules() {
    }

    static List<ValidationProblem> check(String fileName, String contentType) {
        List<ValidationProblem> problems = new ArrayList<>();
        String nameProblem = fileNameProblem(fileName);
        if (nameProblem != null) {
            problems.add(new ValidationProblem(List.of("body", "file_name"), nameProblem, "value_error.file_name"));
        }
        if (contentType.length() > 255 || !MEDIA_TYPE.matcher(contentType).matches()) {
            problems.add(new ValidationProblem(List.of("body", "content_type"),
                    "not a valid content type (type/subtype)", "value_error.content_type"));
        }
        return problems;
    }

    private static String fileNameProblem(String name) {
        if (name.isBlank() || name.length() > MAX_FILE_NAME_LENGTH) {
            return "file name must have 1 to " + MAX_FILE_NAME_LENGTH + " characters";
        }
        if (name.contains("/") || name.contains("\\") || name.indexOf('\0') >= 0 || name.equals(".") || name.equals("..")
                || name.chars().anyMatch(Character::isISOControl)) {
            return "file name must be a plain name, without path separators or control characters";
        }
        int dot = name.lastIndexOf('.');
        if (dot < 0 || !EXTENSIONS.contains(name.substring(dot).toLowerCase(Locale.ROOT))) {
            return "file type not allowed; allowed: " + String.join(" ", EXTENSIONS);
        }
        return null;
    }
}
