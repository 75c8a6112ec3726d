package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.config.WorkerConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import org.openqa.selenium.WebDriverException;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Warm browsers: keeps up to {@code pool-size} sessions started ahead, so a task's first action does not wait for
 * Chromium to start; never more than the worker has free slots plus {@code pool-spare}, so a busy worker holds one
 * browser per running task and the spare, ready for the task it claims as soon as a running one ends (starting a
 * browser then would cost that task about a second; more warm browsers than that are only memory). A session serves
 * exactly one task and is then quit, so nothing (cookies, storage, history, cache) passes from one task to the next,
 * and no recycling by use count or memory is needed; the pool starts a replacement when a task ends, and when one is
 * taken (a second later while the next task needs none yet: {@link #REFILL_DELAY}). At hand-out the session
 * gets the task's viewport and every {@link SessionPreparer} runs.
 * <p>
 * At start the pool reaps the browsers and profiles a killed predecessor left on this machine.
 */
@ApplicationScoped
public class BrowserPool {

    private static final Logger LOG = Logger.getLogger(BrowserPool.class);
    /** Consecutive failed starts after which the worker reports itself not ready. */
    private static final int FAILED_STARTS_UNREADY = 3;

    private final BrowserSessionFactory factory;
    private final List<SessionPreparer> preparers;
    private final int size;
    /** The worker's concurrent tasks: warm browsers beyond its free slots and the spare would wait unused. */
    private final int slots;
    private final int spare;
    /** The tasks holding a slot: from take until release or discard. */
    private final Set<UUID> tasks = new HashSet<>();
    private final Deque<BrowserSession> ready = new ArrayDeque<>();
    private final Map<UUID, BrowserSession> inUse = new ConcurrentHashMap<>();
    /**
     * How long after a task takes a browser the pool waits before it starts a replacement, as long as the next task
     * needs none yet (a warm browser is left, or every slot is taken, so no task is claimed until one ends): starting
     * Chromium takes about a core for a second, which on a small machine slows the first steps of the tasks that just
     * started (docs/benchmarks.md, the worker tier). Otherwise the replacement starts at once: the next task would
     * start its own.
     */
    static final Duration REFILL_DELAY = Duration.ofSeconds(1);

    /** A daemon: a replacement still waiting for its delay must not keep a JVM alive that is done otherwise. */
    private final ScheduledExecutorService starter = Executors.newSingleThreadScheduledExecutor(job -> {
        Thread thread = new Thread(job, "browser-pool-starter");
        thread.setDaemon(true);
        return thread;
    });
    private int starting;
    private int failedStarts;
    private boolean closed;

    @Inject
    public BrowserPool(BrowserSessionFactory factory, Instance<SessionPreparer> preparers, BrowserConfig browser,
                       WorkerConfig worker, MeterRegistry metrics) {
        this(factory, preparers.stream().toList(), browser.poolSize().orElse(worker.maxConcurrentTasks()),
                worker.maxConcurrentTasks(), browser.poolSpare());
        Gauge.builder("browser_agent.browser.pool.ready", this, BrowserPool::readyCount)
                .description("Browsers started and waiting for a task").register(metrics);
        Gauge.builder("browser_agent.browser.pool.starting", this, BrowserPool::startingCount)
                .description("Browsers being started for the pool").register(metrics);
        Gauge.builder("browser_agent.browser.pool.in_use", inUse, Map::size)
                .description("Browsers handed to running tasks").register(metrics);
        Gauge.builder("browser_agent.browser.processes", BrowserPool::browserProcessCount)
                .description("Chromium and chromedriver processes of this worker").register(metrics);
    }

    BrowserPool(BrowserSessionFactory factory, List<SessionPreparer> preparers, int size, int slots, int spare) {
        this.factory = factory;
        this.preparers = preparers;
        this.size = size;
        this.slots = slots;
        this.spare = spare;
    }

    /** A pool that keeps no browser ahead: each task gets one started on demand (for tests of the agent alone). */
    public static BrowserPool unpooled(BrowserSessionFactory factory) {
        return new BrowserPool(factory, List.of(), 0, 0, 0);
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        int reaped = factory.reapLeftovers();
        if (reaped > 0) {
            LOG.infof("Cleaned up after %d workers that were killed on this machine", reaped);
        }
        refill();
    }

    /**
     * A browser for the task: a warm one when ready (and still alive), else one started now. The caller closes it
     * when the task ends.
     *
     * @throws WebDriverException when no browser can be started or prepared
     */
    public BrowserSession take(SessionRequest request) {
        BrowserSession session;
        boolean nextTaskServed;
        synchronized (this) {
            session = ready.pollFirst();
            tasks.add(request.taskId());
            nextTaskServed = !ready.isEmpty() || tasks.size() >= slots;
        }
        if (nextTaskServed) {
            refillLater();
        } else {
            refill();
        }
        if (session != null) {
            try {
                session.resizeViewport(request.viewportWidth(), request.viewportHeight());
            } catch (WebDriverException e) {
                // It ended while it waited: it crashed, or a Grid ended it after its session timeout.
                LOG.infof("A pooled browser had ended (%s); starting another", BrowserErrors.summary(e));
                session.close();
                session = null;
            }
        }
        if (session == null) {
            try {
                session = factory.open(request.viewportWidth(), request.viewportHeight());
            } catch (RuntimeException e) {
                slotFreed(request.taskId());
                throw e;
            }
        }
        inUse.put(request.taskId(), session);
        try {
            for (SessionPreparer preparer : preparers) {
                preparer.prepare(session, request);
            }
        } catch (RuntimeException e) {
            discard(request.taskId());
            throw e;
        }
        return session;
    }

    /**
     * Ends the task's browser now (the task was stopped or the worker gives it up): its processes are killed, so the
     * run's WebDriver call in progress fails at once; the run's own close is then a no-op.
     */
    public void discard(UUID taskId) {
        BrowserSession session = inUse.remove(taskId);
        if (session != null) {
            session.terminate();
        }
        slotFreed(taskId);
    }

    /** Called when a task's run ends with its browser. */
    public void release(UUID taskId, BrowserSession session) {
        inUse.remove(taskId, session);
        session.close();
        slotFreed(taskId);
    }

    private void slotFreed(UUID taskId) {
        synchronized (this) {
            tasks.remove(taskId);
        }
        refill();
    }

    private void refillLater() {
        try {
            starter.schedule(this::refill, REFILL_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing more is started.
        }
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** False after several browsers in a row failed to start: this worker cannot run tasks. */
    public synchronized boolean isHealthy() {
        return failedStarts < FAILED_STARTS_UNREADY;
    }

    public synchronized int readyCount() {
        return ready.size();
    }

    public synchronized int startingCount() {
        return starting;
    }

    /** Chromium and chromedriver processes started by this JVM. */
    public static long browserProcessCount() {
        return ProcessHandle.current().descendants().filter(BrowserProcesses::isBrowserProcess).count();
    }

    /**
     * Starts a browser when fewer are warm or starting than the free slots and the spare call for (within
     * {@code pool-size}); closes warm ones beyond that (started for slots that tasks then took with browsers of their
     * own), which would only hold memory.
     */
    private void refill() {
        List<BrowserSession> surplus = new ArrayList<>();
        boolean start;
        synchronized (this) {
            if (closed) {
                return;
            }
            int wanted = Math.min(size, slots - tasks.size() + spare);
            while (!ready.isEmpty() && ready.size() + starting > wanted) {
                surplus.add(ready.pollLast());
            }
            start = ready.size() + starting < wanted;
            if (start) {
                starting++;
            }
        }
        surplus.forEach(BrowserSession::close);
        if (start) {
            starter.execute(this::startOne);
        }
    }

    private void startOne() {
        BrowserSession session = null;
        try {
            session = factory.open(SessionDefaults.WIDTH, SessionDefaults.HEIGHT);
        } catch (RuntimeException e) {
            if (isClosed()) {
                LOG.debugf("A browser being started for the pool was cut short by the worker's shutdown: %s", e);
            } else {
                LOG.warnf("Could not start a browser for the pool: %s", e instanceof WebDriverException webDriver
                        ? BrowserErrors.summary(webDriver) : e.toString());
            }
        }
        boolean again;
        synchronized (this) {
            starting--;
            failedStarts = session == null ? failedStarts + 1 : 0;
            if (session != null && !closed) {
                ready.addLast(session);
                session = null;
            }
            // After a failure, try again only when a task asks (take), not in a tight loop.
            again = failedStarts == 0 && !closed;
        }
        if (session != null) {
            session.close();
        }
        if (again) {
            refill();
        }
    }

    /** After the task runs have ended or been handed back (they observe shutdown earlier). */
    void onStop(@Observes @Priority(10_000) ShutdownEvent event) {
        List<BrowserSession> idle;
        synchronized (this) {
            closed = true;
            idle = List.copyOf(ready);
            ready.clear();
        }
        starter.shutdownNow();
        try {
            // A browser being started now is closed by its starter once it sees the pool closed.
            starter.awaitTermination(3, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        idle.forEach(BrowserSession::close);
        inUse.values().forEach(BrowserSession::terminate);
        factory.deleteProfiles();
    }

    /** The window a pooled browser starts with; every hand-out sets the task's own viewport. */
    private static final class SessionDefaults {
        static final int WIDTH = 1280;
        static final int HEIGHT = 960;
    }
}
