package dev.vireo.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Debian's headless Chromium, started the way this workplace allows (no network chatter, no sandbox as root). */
public final class HeadlessBrowser {
    private HeadlessBrowser() {}

    public static Path binary() {
        for (String c : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"}) {
            if (Files.isExecutable(Path.of(c))) {
                return Path.of(c);
            }
        }
        throw new IllegalStateException("headless Chromium not found: install Debian's 'chromium' package (bin/test does)");
    }

    /** Loads the page, lets its scripts run, and returns the serialised DOM; also writes a screenshot. */
    public static String render(Path html, Path screenshot, Path profile) throws IOException, InterruptedException {
        List<String> base = new ArrayList<>(List.of(binary().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--virtual-time-budget=3000",
                "--window-size=1200,1600"));
        List<String> shot = new ArrayList<>(base);
        shot.add("--screenshot=" + screenshot);
        shot.add(html.toUri().toString());
        run(shot);
        List<String> dom = new ArrayList<>(base);
        dom.add("--dump-dom");
        dom.add(html.toUri().toString());
        return run(dom);
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 60 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
