package dev.browseragent.model.lifecycle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a {@link NamedStatement} renders for the reactive client ({@code $n}) and for JDBC ({@code ?}), and binds. */
class NamedStatementTest {

    private static final NamedStatement REPEATED = new NamedStatement("repeated",
            "update t set a = :first, b = :second where id = :id and a <> :first");

    @Test
    void numberedSqlGivesEachDistinctNameOneNumberInOrderOfFirstUse() {
        assertEquals("update t set a = $1, b = $2 where id = $3 and a <> $1", REPEATED.numberedSql());
        assertEquals(List.of("first", "second", "id"), REPEATED.numberedNames());
    }

    @Test
    void jdbcSqlMarksEveryOccurrenceWithAQuestionMark() {
        assertEquals("update t set a = ?, b = ? where id = ? and a <> ?", REPEATED.jdbcSql());
        assertEquals(List.of("first", "second", "id", "first"), REPEATED.occurrences());
    }

    @Test
    void castsAndQuotedFormatsAreNotParameters() {
        NamedStatement statement = new NamedStatement("casts", """
                select :options::jsonb, :event::text::jsonb, id::text, created_at::date,
                       to_char(created_at, 'HH24:MI:SS'), make_interval(secs => :seconds) from t""");

        assertEquals(List.of("options", "event", "seconds"), statement.occurrences());
        assertEquals("""
                select $1::jsonb, $2::text::jsonb, id::text, created_at::date,
                       to_char(created_at, 'HH24:MI:SS'), make_interval(secs => $3) from t""",
                statement.numberedSql());
        assertEquals("""
                select ?::jsonb, ?::text::jsonb, id::text, created_at::date,
                       to_char(created_at, 'HH24:MI:SS'), make_interval(secs => ?) from t""", statement.jdbcSql());
    }

    @Test
    void aStatementWithoutParametersRendersUnchanged() {
        NamedStatement statement = new NamedStatement("plain", "select count(*) from tasks where status = 'created'");

        assertEquals(statement.sql(), statement.numberedSql());
        assertEquals(statement.sql(), statement.jdbcSql());
        assertTrue(statement.occurrences().isEmpty());
        assertTrue(statement.bind(Map.of()).jdbcValues().isEmpty());
    }

    @Test
    void bindRefusesAMissingValueAndNamesIt() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> REPEATED.bind(Map.of("first", 1, "id", 3)));

        assertTrue(refused.getMessage().contains("repeated"), refused.getMessage());
        assertTrue(refused.getMessage().contains(":second"), refused.getMessage());
    }

    @Test
    void bindTakesANullValueAsAValue() {
        Map<String, Object> values = new HashMap<>();
        values.put("first", null);
        values.put("second", "b");
        values.put("id", 3);

        NamedStatement.Bound bound = REPEATED.bind(values);

        assertEquals(Arrays.asList(null, "b", 3, null), bound.jdbcValues());
    }

    @Test
    void valuesComeInTheOrderOfEachRendering() {
        NamedStatement.Bound bound = REPEATED.bind(Map.of("id", 3, "second", "b", "first", "a", "unused", true));

        assertEquals(List.of("a", "b", 3), bound.numberedValues());
        assertEquals(List.of("a", "b", 3, "a"), bound.jdbcValues());
    }

    @Test
    void aBoundStatementKeepsItsOwnCopyOfTheValues() {
        Map<String, Object> values = new HashMap<>(Map.of("first", "a", "second", "b", "id", 3));
        NamedStatement.Bound bound = REPEATED.bind(values);

        values.put("first", "changed");

        assertEquals(List.of("a", "b", 3), bound.numberedValues());
        assertThrows(UnsupportedOperationException.class, () -> bound.values().put("id", 4));
    }

    static List<NamedStatement> lifecycleStatements() {
        return TaskLifecycle.ALL;
    }

    /** Each statement of the lifecycle renders to as many markers as it has names and occurrences, none left over. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lifecycleStatements")
    void everyLifecycleStatementRendersAllItsParameters(NamedStatement statement) {
        Pattern leftOver = Pattern.compile("(?<![:\\w]):[a-z]");
        assertFalse(leftOver.matcher(statement.numberedSql()).find(), statement.numberedSql());
        assertFalse(leftOver.matcher(statement.jdbcSql()).find(), statement.jdbcSql());

        assertEquals(statement.occurrences().size(), statement.jdbcSql().chars().filter(c -> c == '?').count());

        Matcher numbers = Pattern.compile("\\$(\\d+)").matcher(statement.numberedSql());
        List<Integer> used = numbers.results().map(match -> Integer.parseInt(match.group(1))).distinct().sorted()
                .toList();
        assertEquals(IntStream.rangeClosed(1, statement.numberedNames().size()).boxed().toList(), used);
    }
}
