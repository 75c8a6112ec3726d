package dev.browseragent.worker.browser;

import org.openqa.selenium.chromium.HasCdp;
import org.openqa.selenium.remote.RemoteWebDriver;

/** A started browser: its driver, the same driver's Chrome DevTools commands, and where it runs. */
record LaunchedBrowser(RemoteWebDriver driver, HasCdp cdp, BrowserHost host) {
}
