package dev.browseragent.api.database;

import dev.browseragent.model.lifecycle.NamedStatement;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Runs the task lifecycle's statements on the reactive client, the api-service's one way to PostgreSQL. */
public final class LifecycleStatements {

    private LifecycleStatements() {
    }

    /** Runs {@code bound} on a pool or on one connection (inside a transaction). */
    public static Uni<RowSet<Row>> execute(SqlClient client, NamedStatement.Bound bound) {
        return client.preparedQuery(bound.statement().numberedSql()).execute(tuple(bound));
    }

    private static Tuple tuple(NamedStatement.Bound bound) {
        List<Object> values = new ArrayList<>();
        for (Object value : bound.numberedValues()) {
            values.add(value instanceof byte[] bytes ? Buffer.buffer(bytes) : value);
        }
        return Tuple.from(values);
    }
}
