package dev.browseragent.api.file;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The {@code files} table. Every lookup a client can reach is scoped to its account. */
@ApplicationScoped
public class FileRepository {

    private static final String COLUMNS = "id, file_name, content_type, size_bytes, storage_key";

    private final Pool pool;

    public FileRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Records an upload, replacing one of the same name; returns the storage key the replaced upload had, whose
     * bytes are no longer needed. Insert first: of two concurrent first uploads of a name, the second waits on the
     * unique index, then replaces the first (and so learns its storage key).
     */
    public Uni<Optional<String>> saveUpload(UUID accountId, String fileName, String contentType, long size, String storageKey) {
        return pool.withTransaction(connection -> connection.preparedQuery("""
                        insert into files (id, account_id, task_id, file_name, content_type, size_bytes, storage_key)
                        values ($1, $2, null, $3, $4, $5, $6)
                        on conflict (account_id, file_name) where task_id is null do nothing""")
                .execute(Tuple.of(UUID.randomUUID(), accountId, fileName, contentType, size, storageKey))
                .chain(inserted -> inserted.rowCount() == 1 ? Uni.createFrom().item(Optional.<String>empty())
                        : connection.preparedQuery("""
                                        select storage_key from files
                                        where account_id = $1 and file_name = $2 and task_id is null for update""")
                                .execute(Tuple.of(accountId, fileName))
                                .chain(previous -> connection.preparedQuery("""
                                                update files set content_type = $3, size_bytes = $4, storage_key = $5,
                                                    created_at = now()
                                                where account_id = $1 and file_name = $2 and task_id is null""")
                                        .execute(Tuple.of(accountId, fileName, contentType, size, storageKey))
                                        .map(updated -> first(previous).map(row -> row.getString("storage_key"))))));
    }

    /** A task's output file, if the task is the account's. */
    public Uni<Optional<StoredFile>> findOutputFile(UUID accountId, UUID taskId, String fileName) {
        return pool.preparedQuery("select " + COLUMNS + " from files where account_id = $1 and task_id = $2 and file_name = $3")
                .execute(Tuple.of(accountId, taskId, fileName))
                .map(rows -> first(rows).map(FileRepository::file));
    }

    /** Every output file of a task, if the task is the account's, in the order the task's view lists them. */
    public Uni<List<StoredFile>> outputFiles(UUID accountId, UUID taskId) {
        return pool.preparedQuery("select " + COLUMNS + " from files where account_id = $1 and task_id = $2"
                        + " order by created_at, file_name")
                .execute(Tuple.of(accountId, taskId))
                .map(rows -> {
                    List<StoredFile> files = new ArrayList<>();
                    rows.forEach(row -> files.add(file(row)));
                    return files;
                });
    }

    public Uni<Optional<StoredFile>> findById(UUID id) {
        return pool.preparedQuery("select " + COLUMNS + " from files where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> first(rows).map(FileRepository::file));
    }

    private static Optional<Row> first(RowSet<Row> rows) {
        return rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next());
    }

    private static StoredFile file(Row row) {
        return new StoredFile(row.getUUID("id"), row.getString("file_name"), row.getString("content_type"),
                row.getLong("size_bytes"), row.getString("storage_key"));
    }
}
