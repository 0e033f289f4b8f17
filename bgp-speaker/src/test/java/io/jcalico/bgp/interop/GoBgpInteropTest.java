package io.jcalico.bgp.interop;

import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.GoBgpDaemon;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Our speaker against GoBGP (gobgpd -f). */
class GoBgpInteropTest extends InteropScenarios {
    @Override
    DaemonKind kind() {
        return DaemonKind.GOBGP;
    }

    @Override
    int base() {
        return 30;
    }

    /** GoBGP logs no received NOTIFICATION at info level; its neighbour state counts them. */
    @Override
    String daemonState() {
        try {
            Process p = new ProcessBuilder("gobgp", "-p", Integer.toString(((GoBgpDaemon) daemon).apiPort()),
                    "neighbor", ours(), "-j").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /**
     * GoBGP keeps no text for a received NOTIFICATION, only counters: it must have counted the
     * NOTIFICATIONs that answered its OPENs (our side's last error names Bad Peer AS).
     */
    @Override
    boolean reportsBadPeerAs(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"received\":\\{\"notification\":(\\d+)").matcher(text);
        return m.find() && Integer.parseInt(m.group(1)) > 0;
    }
}
