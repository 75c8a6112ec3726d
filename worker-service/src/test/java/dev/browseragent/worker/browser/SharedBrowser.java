package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import dev.browseragent.worker.network.TestNetworkRules;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One Chromium shared by every browser test of the JVM (starting one costs about a second), handed to tests and
 * lifecycle methods that take a {@link BrowserSession} parameter; closed when the test run ends. Its viewport is
 * {@link #WIDTH} x {@link #HEIGHT}.
 */
public final class SharedBrowser implements ParameterResolver {

    public static final int WIDTH = 1024;
    public static final int HEIGHT = 768;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowser.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == BrowserSession.class;
    }

    @Override
    public BrowserSession resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The root store closes what it holds (BrowserSession is AutoCloseable) when the whole run ends.
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(BrowserSession.class,
                key -> new BrowserSessionFactory(TestConfigs.mapping(BrowserConfig.class), TestNetworkRules.rules(true)).open(WIDTH, HEIGHT),
                BrowserSession.class);
    }
}
