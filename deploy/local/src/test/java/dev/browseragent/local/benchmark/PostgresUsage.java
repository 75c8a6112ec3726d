package dev.browseragent.local.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * What PostgreSQL has spent up to a moment: CPU of the postmaster and every process under it (from {@code /proc}),
 * WAL written, and the updates of {@code tasks} with how many of them were HOT (no index entry written). Two
 * readings give the cost of what happened between them.
 *
 * @param nanoTime     when it was read
 * @param cpuTicks     user and system time of the server's processes, in clock ticks; a backend that exited is in
 *                     the postmaster's children's time
 * @param walBytes     the WAL position
 * @param taskUpdates  updated rows of {@code tasks}, as the statistics have them (a backend reports at most once a
 *                     second)
 * @param hotUpdates   of which HOT
 * @param jvmCpuNanos  CPU time of this JVM (the simulated workers), which shares the machine's cores with PostgreSQL
 */
record PostgresUsage(long nanoTime, long cpuTicks, long walBytes, long taskUpdates, long hotUpdates, long jvmCpuNanos) {

    /** Linux's USER_HZ, in which /proc reports CPU times. */
    private static final double TICKS_PER_SECOND = 100;

    static PostgresUsage read(Connection monitor, long postmasterPid) throws SQLException {
        long cpu = Stream.concat(Stream.of(ProcessHandle.of(postmasterPid).orElseThrow()),
                        ProcessHandle.of(postmasterPid).orElseThrow().descendants())
                .mapToLong(process -> cpuTicks(process.pid(), process.pid() == postmasterPid)).sum();
        try (Statement statement = monitor.createStatement();
             ResultSet row = statement.executeQuery("select pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint,"
                     + " n_tup_upd, n_tup_hot_upd from pg_stat_user_tables where relname = 'tasks'")) {
            row.next();
            return new PostgresUsage(System.nanoTime(), cpu, row.getLong(1), row.getLong(2), row.getLong(3),
                    ProcessHandle.current().info().totalCpuDuration().orElseThrow().toNanos());
        }
    }

    /** The postmaster's pid, from its data directory. */
    static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    double seconds(PostgresUsage before) {
        return (nanoTime - before.nanoTime) / 1e9;
    }

    /** CPU cores PostgreSQL kept busy on average since {@code before}. */
    double cores(PostgresUsage before) {
        return (cpuTicks - before.cpuTicks) / TICKS_PER_SECOND / seconds(before);
    }

    double jvmCores(PostgresUsage before) {
        return (jvmCpuNanos - before.jvmCpuNanos) / 1e9 / seconds(before);
    }

    long walBytes(PostgresUsage before) {
        return walBytes - before.walBytes;
    }

    /** The share of {@code tasks} updates since {@code before} that were HOT; NaN without updates. */
    double hotShare(PostgresUsage before) {
        long updates = taskUpdates - before.taskUpdates;
        return updates == 0 ? Double.NaN : (double) (hotUpdates - before.hotUpdates) / updates;
    }

    private static long cpuTicks(long pid, boolean withExitedChildren) {
        String stat;
        try {
            stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (NoSuchFileException e) {
            return 0; // ended meanwhile; the postmaster's children's time has it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // After the command name in parentheses: state is field 3, utime 14, stime 15, cutime 16, cstime 17.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long own = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return withExitedChildren ? own + Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : own;
    }
}
