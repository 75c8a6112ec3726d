package dev.browseragent.worker.network;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The ad and tracker hosts of Adblock Plus–syntax filter lists (EasyList, EasyPrivacy): every whole-host rule
 * {@code ||host^} (optionally {@code $third-party}, which for an agent is as good as always), minus the hosts an
 * exception rule {@code @@||host^} lets through. A host is blocked when it or one of its parent domains is listed.
 * Rules that need a URL path, a page context or cosmetic filtering are outside what a proxy that sees only hosts can
 * apply, and are skipped.
 */
public final class HostBlocklist {

    private static final Logger LOG = Logger.getLogger(HostBlocklist.class);
    private static final Pattern HOST_RULE = Pattern.compile("(@@)?\\|\\|([a-z0-9.-]+)\\^(\\$third-party)?");

    private final Set<String> hosts;

    private HostBlocklist(Set<String> hosts) {
        this.hosts = hosts;
    }

    /** Reads the lists; a list that is missing is skipped with a warning (the others still apply). */
    public static HostBlocklist load(List<Path> lists) {
        Set<String> blocked = new HashSet<>();
        Set<String> excepted = new HashSet<>();
        for (Path list : lists) {
            if (!Files.isReadable(list)) {
                LOG.warnf("Ad block: the filter list %s is missing; install it with deploy/local/install-prerequisites", list);
                continue;
            }
            try (Stream<String> lines = Files.lines(list, StandardCharsets.UTF_8)) {
                lines.forEach(line -> {
                    Matcher rule = HOST_RULE.matcher(line.strip());
                    if (rule.matches()) {
                        (rule.group(1) == null ? blocked : excepted).add(rule.group(2));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the filter list " + list, e);
            }
        }
        blocked.removeAll(excepted);
        LOG.infof("Ad block: %d hosts from %d filter lists", blocked.size(), lists.size());
        return new HostBlocklist(Set.copyOf(blocked));
    }

    /** Whether the (canonical) host or one of its parent domains is on a list. */
    public boolean blocks(String host) {
        for (String domain = host; ; domain = domain.substring(domain.indexOf('.') + 1)) {
            if (hosts.contains(domain)) {
                return true;
            }
            if (domain.indexOf('.') < 0) {
                return false;
            }
        }
    }

    public int size() {
        return hosts.size();
    }
}
