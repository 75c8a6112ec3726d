package dev.browseragent.worker.browser;

import dev.browseragent.worker.config.BrowserConfig;
import org.openqa.selenium.chrome.ChromeDriverService;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How this machine's chromedriver and Chromium processes start: with an environment of their own that holds nothing
 * of the worker's (its model keys and encryption keys would otherwise be inherited, readable by any of the browser's
 * processes in {@code /proc/<pid>/environ}), inside Chromium's sandbox unless {@code browser-agent.browser.sandbox}
 * is off, and, when the worker runs as root, as {@code browser-agent.browser.user}: Chromium's sandbox refuses root.
 * <p>
 * The command is {@code env -i <minimal environment> [setpriv <user>] chromedriver <args>}: each program replaces
 * the one before it, so the process the worker started is the chromedriver itself.
 */
final class BrowserLaunch {

    private static final String ENV = "/usr/bin/env";
    private static final String SETPRIV = "/usr/bin/setpriv";
    private static final Path USER_NAMESPACES = Path.of("/proc/sys/user/max_user_namespaces");
    /** Debian's and Ubuntu's switches for unprivileged user namespaces; absent elsewhere. */
    private static final Path UNPRIVILEGED_USER_NAMESPACES = Path.of("/proc/sys/kernel/unprivileged_userns_clone");
    private static final Path APPARMOR_USER_NAMESPACES = Path.of("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");

    private final BrowserConfig config;
    /** The account the browsers run as, when it is not the worker's own. */
    private final Optional<SystemUser> user;

    private BrowserLaunch(BrowserConfig config, Optional<SystemUser> user) {
        this.config = config;
        this.user = user;
    }

    /**
     * Works out how browsers start on this machine.
     *
     * @param profileRoot where the sessions' profiles will be
     * @throws IllegalStateException when the sandbox is on and cannot work here, or the worker runs as root and the
     *                               browser user does not exist or cannot reach {@code profileRoot}: the worker then
     *                               refuses to start, saying what to do
     */
    static BrowserLaunch on(BrowserConfig config, Path profileRoot) {
        Optional<SystemUser> user = Optional.empty();
        if (runningAsRoot()) {
            user = Optional.of(SystemUser.named(config.user()).orElseThrow(() -> new IllegalStateException(
                    "The worker runs as root, and Chromium's sandbox refuses to run as root: its browsers run as the"
                            + " user '" + config.user() + "', which does not exist. Create it (deploy/local/"
                            + "install-prerequisites does) or set browser-agent.browser.user to an existing"
                            + " unprivileged user.")));
            requireReachable(profileRoot, config.user());
        }
        if (config.sandbox()) {
            requireUserNamespaces();
        }
        return new BrowserLaunch(config, user);
    }

    /** A chromedriver service whose process tree has the minimal environment, as the browser user. */
    ChromeDriverService driverService(Path profile) {
        List<String> prefix = new ArrayList<>(List.of("-i", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8",
                // Chromium's own files (its NSS database, crash reports) stay in the profile, deleted with the
                // session. Not TMPDIR: Chromium's socket paths under it must stay short.
                "HOME=" + profile));
        user.ifPresent(account -> prefix.addAll(List.of(SETPRIV, "--reuid=" + account.uid(),
                "--regid=" + account.gid(), "--clear-groups", "--inh-caps=-all")));
        prefix.add(config.chromedriver());
        return new PrefixedDriverService(prefix).usingDriverExecutable(new File(ENV)).usingAnyFreePort().build();
    }

    /** Gives a new profile directory to the browser user, who must write in it. */
    void handOver(Path profile) {
        if (user.isEmpty()) {
            return;
        }
        try {
            UserPrincipalLookupService names = profile.getFileSystem().getUserPrincipalLookupService();
            PosixFileAttributeView owner = Files.getFileAttributeView(profile, PosixFileAttributeView.class);
            owner.setOwner(names.lookupPrincipalByName(user.get().name()));
            owner.setGroup(names.lookupPrincipalByGroupName(String.valueOf(user.get().gid())));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot give the browser profile " + profile + " to the user '"
                    + user.get().name() + "'", e);
        }
    }

    /** Every directory above the profiles must let other users through, or the browser user cannot reach them. */
    private static void requireReachable(Path profileRoot, String user) {
        for (Path directory = profileRoot.toAbsolutePath().getParent(); directory != null;
             directory = directory.getParent()) {
            try {
                if (Files.exists(directory)
                        && !Files.getPosixFilePermissions(directory).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("The browsers run as the user '" + user + "', who cannot reach"
                            + " their profiles in " + profileRoot + ": " + directory + " does not let other users"
                            + " through. Allow it (chmod o+x " + directory + ") or choose another"
                            + " browser-agent.browser.profile-root.");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the permissions of " + directory, e);
            }
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void requireUserNamespaces() {
        String cause = null;
        if (readNumber(USER_NAMESPACES).orElse(1L) == 0) {
            cause = USER_NAMESPACES + " is 0";
        } else if (readNumber(UNPRIVILEGED_USER_NAMESPACES).orElse(1L) == 0) {
            cause = UNPRIVILEGED_USER_NAMESPACES + " is 0";
        } else if (readNumber(APPARMOR_USER_NAMESPACES).orElse(0L) == 1) {
            cause = APPARMOR_USER_NAMESPACES + " is 1";
        }
        if (cause != null) {
            throw new IllegalStateException("Chromium's sandbox needs unprivileged user namespaces, which this host"
                    + " does not allow (" + cause + "). Allow them (sysctl), or set browser-agent.browser.sandbox="
                    + "false to run browsers without a sandbox: a page that exploits a bug in Chromium's renderer"
                    + " would then run as the browser's user, with this machine's files and network in reach.");
        }
    }

    private static Optional<Long> readNumber(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readString(file).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An account of this machine, by name, with its ids from {@code /etc/passwd}. */
    record SystemUser(String name, long uid, long gid) {

        static Optional<SystemUser> named(String name) {
            try (var lines = Files.lines(Path.of("/etc/passwd"))) {
                return lines.map(line -> line.split(":"))
                        .filter(fields -> fields.length > 3 && fields[0].equals(name))
                        .findFirst()
                        .map(fields -> new SystemUser(name, Long.parseLong(fields[2]), Long.parseLong(fields[3])));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** chromedriver's own arguments behind the launch prefix ({@code env}, which runs the rest). */
    private static final class PrefixedDriverService extends ChromeDriverService.Builder {

        private final List<String> prefix;

        PrefixedDriverService(List<String> prefix) {
            this.prefix = prefix;
        }

        @Override
        protected List<String> createArgs() {
            List<String> arguments = new ArrayList<>(prefix);
            arguments.addAll(super.createArgs());
            return arguments;
        }
    }
}
