package dev.browseragent.model.lifecycle;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SQL statement written once with named parameters ({@code :task_id}) and rendered for the two clients that run
 * it: the api-service's reactive client numbers its parameters ({@code $1}, each name once), the worker's JDBC
 * marks each occurrence with {@code ?}. A cast ({@code ::jsonb}) is not a parameter. Both forms are worked out once,
 * here, not on every execution.
 */
public final class NamedStatement {

    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([a-z][a-z0-9_]*)");

    private final String name;
    private final String sql;
    private final List<String> occurrences;
    private final List<String> numberedNames;
    private final String numberedSql;
    private final String jdbcSql;

    /**
     * @param name a short name for logs and tests, e.g. {@code claim}
     * @param sql  the statement with named parameters
     */
    public NamedStatement(String name, String sql) {
        this.name = name;
        this.sql = sql;
        List<String> found = new ArrayList<>();
        Matcher matcher = PARAMETER.matcher(sql);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        this.occurrences = List.copyOf(found);
        this.numberedNames = found.stream().distinct().toList();
        this.numberedSql = PARAMETER.matcher(sql)
                .replaceAll(match -> "\\$" + (numberedNames.indexOf(match.group(1)) + 1));
        this.jdbcSql = PARAMETER.matcher(sql).replaceAll("?");
    }

    public String name() {
        return name;
    }

    /** The statement as written, with named parameters. */
    public String sql() {
        return sql;
    }

    /** The statement for the reactive PostgreSQL client: {@code $n} per distinct name, in order of first use. */
    public String numberedSql() {
        return numberedSql;
    }

    /** The distinct parameter names in the order {@link #numberedSql()} numbers them. */
    public List<String> numberedNames() {
        return numberedNames;
    }

    /** The statement for JDBC: one {@code ?} per occurrence of a parameter. */
    public String jdbcSql() {
        return jdbcSql;
    }

    /** The parameter name of each {@code ?} of {@link #jdbcSql()}, in order (a name used twice appears twice). */
    public List<String> occurrences() {
        return occurrences;
    }

    /** This statement with its values; every parameter must have one (possibly {@code null}). */
    public Bound bind(Map<String, ?> values) {
        for (String parameter : numberedNames) {
            if (!values.containsKey(parameter)) {
                throw new IllegalArgumentException("Statement " + name + " needs a value for :" + parameter);
            }
        }
        return new Bound(this, Collections.unmodifiableMap(new HashMap<>(values)));
    }

    @Override
    public String toString() {
        return name;
    }

    /**
     * A statement and its values: UUID, String, Integer, Long, Boolean, Double, byte[], String[], UUID[] or
     * {@link java.time.OffsetDateTime}, or {@code null}.
     */
    public record Bound(NamedStatement statement, Map<String, Object> values) {

        /** The values in {@link NamedStatement#numberedNames()} order. */
        public List<Object> numberedValues() {
            return statement.numberedNames().stream().map(values::get).toList();
        }

        /** The values in {@link NamedStatement#occurrences()} order. */
        public List<Object> jdbcValues() {
            return statement.occurrences().stream().map(values::get).toList();
        }
    }
}
