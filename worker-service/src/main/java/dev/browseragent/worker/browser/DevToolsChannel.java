package dev.browseragent.worker.browser;

import org.jboss.logging.Logger;
import org.openqa.selenium.Capabilities;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.devtools.Command;
import org.openqa.selenium.devtools.Connection;
import org.openqa.selenium.devtools.DevToolsException;
import org.openqa.selenium.devtools.Event;
import org.openqa.selenium.devtools.SeleniumCdpConnection;
import org.openqa.selenium.devtools.idealized.target.model.SessionID;
import org.openqa.selenium.json.JsonInput;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The session's Chrome DevTools commands to its current tab, sent over a DevTools connection of the session's own
 * instead of through chromedriver: a command then costs one WebSocket message each way rather than an HTTP request
 * that chromedriver relays, 2-3 ms instead of 5-6 here, and a step sends a dozen (docs/benchmarks.md, "The agent's
 * cost per step"). A browser that offers no such connection (a Grid without {@code se:cdp}) gets its commands through
 * chromedriver, as before.
 * <p>
 * chromedriver dismisses a page's JavaScript dialog before it runs a command; a command sent straight to the tab would
 * wait behind an open dialog instead, so the channel dismisses every dialog as it opens (a {@code beforeunload}
 * dialog is accepted: the agent meant to leave the page).
 */
final class DevToolsChannel implements HasCdp, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DevToolsChannel.class);
    /** Far more than any command the agent sends takes; a tab whose page loops forever fails the command instead. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final HasCdp viaDriver;
    private final Supplier<String> currentTarget;
    /** Null when the browser offers no DevTools connection: every command goes through chromedriver. */
    private final Connection connection;
    /** The tabs attached to so far, by target id (a window handle is a target id). */
    private final Map<String, SessionID> tabs = new ConcurrentHashMap<>();

    private DevToolsChannel(HasCdp viaDriver, Supplier<String> currentTarget, Connection connection) {
        this.viaDriver = viaDriver;
        this.currentTarget = currentTarget;
        this.connection = connection;
    }

    /**
     * A channel to the tab {@code currentTarget} names at each command.
     *
     * @param viaDriver the same commands through chromedriver, for a browser without a DevTools connection
     */
    static DevToolsChannel open(HasCdp viaDriver, Capabilities capabilities, Supplier<String> currentTarget) {
        Optional<Connection> connection;
        try {
            connection = SeleniumCdpConnection.create(capabilities);
        } catch (RuntimeException e) {
            LOG.debugf("No DevTools connection of the session's own (%s): commands go through chromedriver",
                    e.getMessage());
            connection = Optional.empty();
        }
        DevToolsChannel channel = new DevToolsChannel(viaDriver, currentTarget, connection.orElse(null));
        connection.ifPresent(opened -> opened.addListener(new Event<>("Page.javascriptDialogOpening",
                DevToolsChannel::read), (sequence, dialog) -> channel.dismiss(dialog)));
        return channel;
    }

    @Override
    public Map<String, Object> executeCdpCommand(String method, Map<String, Object> parameters) {
        if (connection == null) {
            return viaDriver.executeCdpCommand(method, parameters);
        }
        SessionID tab = tab(currentTarget.get());
        try {
            return connection.sendAndWait(tab, new Command<>(method, parameters, DevToolsChannel::read),
                    COMMAND_TIMEOUT);
        } catch (DevToolsException e) {
            throw new WebDriverException(method + " failed: " + rootMessage(e));
        } catch (IllegalStateException e) {
            // Selenium's answer to an interrupt while it waits (the flag is set again): the run is being ended.
            throw new WebDriverException(method + " was interrupted", e);
        }
    }

    /**
     * Sends the command without waiting for its answer, so that the caller can do something else meanwhile (a
     * screenshot while the page is read). Through chromedriver it is sent and answered before this returns.
     */
    CompletableFuture<Map<String, Object>> send(String method, Map<String, Object> parameters) {
        if (connection == null) {
            return CompletableFuture.completedFuture(viaDriver.executeCdpCommand(method, parameters));
        }
        return connection.send(tab(currentTarget.get()), new Command<>(method, parameters, DevToolsChannel::read))
                .orTimeout(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The answer to a command {@link #send} sent, waited for.
     *
     * @throws WebDriverException when the command failed or got no answer in time
     */
    static Map<String, Object> await(CompletableFuture<Map<String, Object>> answer, String method) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            throw new WebDriverException(method + " failed: " + rootMessage(e));
        }
    }

    /** The tab's DevTools session, attached at its first command, with its dialogs announced to the channel. */
    private SessionID tab(String target) {
        SessionID known = tabs.get(target);
        if (known != null) {
            return known;
        }
        try {
            SessionID attached = new SessionID(connection.sendAndWait(null, new Command<>("Target.attachToTarget",
                    Map.of("targetId", target, "flatten", true), input -> (String) read(input).get("sessionId")),
                    COMMAND_TIMEOUT));
            connection.sendAndWait(attached, new Command<Void>("Page.enable", Map.of()), COMMAND_TIMEOUT);
            tabs.put(target, attached);
            return attached;
        } catch (DevToolsException e) {
            throw new WebDriverException("cannot reach the tab: " + rootMessage(e));
        }
    }

    /**
     * Called on the connection's thread, which must not wait for an answer: the command is only sent. The event does
     * not say which tab it came from, so every attached tab is told; those without a dialog answer with an error.
     */
    private void dismiss(Map<String, Object> dialog) {
        boolean accept = "beforeunload".equals(dialog.get("type"));
        LOG.debugf("A page opened a %s dialog; %s it", dialog.get("type"), accept ? "accepting" : "dismissing");
        tabs.values().forEach(tab -> connection.send(tab, new Command<Void>("Page.handleJavaScriptDialog",
                Map.of("accept", accept))));
    }

    /** Closes the connection (the browser may already be gone); chromedriver's commands are not affected. */
    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (RuntimeException e) {
            LOG.debugf("Could not close the session's DevTools connection: %s", e.getMessage());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + COMMAND_TIMEOUT.toSeconds() + " s";
        }
        String message = root instanceof WebDriverException webDriver ? webDriver.getRawMessage() : root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(JsonInput input) {
        return input.read(Map.class);
    }
}
