package dev.browseragent.api.testing;

import dev.browseragent.api.auth.ApiKeys;
import dev.browseragent.embedded.quarkus.PostgresTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.UUID;

/** Accounts with API keys, made directly in the test database, for tests that need more than the bootstrap one. */
public final class TestAccounts {

    private TestAccounts() {
    }

    /** A new account; returns its id. The key authenticates it. */
    public static UUID create(String key) throws Exception {
        UUID account = UUID.randomUUID();
        try (Connection connection = PostgresTestResource.connect();
             PreparedStatement insertAccount = connection.prepareStatement("insert into accounts (id, name) values (?, 'test')");
             PreparedStatement insertKey = connection.prepareStatement("insert into api_keys (key_hash, account_id) values (?, ?)")) {
            insertAccount.setObject(1, account);
            insertAccount.executeUpdate();
            insertKey.setString(1, ApiKeys.hash(key));
            insertKey.setObject(2, account);
            insertKey.executeUpdate();
        }
        return account;
    }

    /** A new account with a fresh random key; returns the key. */
    public static String createWithRandomKey() throws Exception {
        String key = ApiKeys.generate();
        create(key);
        return key;
    }
}
