package dev.browseragent.model.secret;

import java.nio.charset.StandardCharsets;

/**
 * The columns that hold sealed values. A value is sealed for one row of one column ({@link #row}): the column and
 * the row's id are the AES-GCM associated data, so a sealed value copied into another row, or another column, does
 * not open there.
 */
public enum SealedColumn {

    TASK_SECRETS("tasks.secrets"),
    TASK_BROWSER_DATA("tasks.browser_data"),
    PROFILE_BROWSER_STATE("browser_profiles.browser_state"),
    ACCOUNT_WEBHOOK_SECRET("accounts.webhook_secret");

    private final String name;

    SealedColumn(String name) {
        this.name = name;
    }

    /** The row {@code id} of this column, whose value a sealed value is bound to. */
    public Row row(Object id) {
        return new Row(name + ":" + id);
    }

    /** One row's cell of a sealed column, as the associated data its value is sealed with. */
    public record Row(String identity) {

        byte[] associatedData() {
            return identity.getBytes(StandardCharsets.UTF_8);
        }
    }
}
