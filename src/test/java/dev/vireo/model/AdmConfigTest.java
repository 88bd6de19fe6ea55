package dev.vireo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vireo.InvalidInputException;
import dev.vireo.SharedData;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmConfigTest {
    @Test
    void adm256PresetHasTheFlagsOfSampleSh() {
        AdmConfig c = AdmConfig.preset("adm-256-uncond");
        assertEquals(256, c.imageSize());
        assertEquals(256, c.modelChannels());
        assertEquals(6, c.outChannels());
        assertTrue(c.learnSigma());
        assertEquals(List.of(8, 16, 32), c.attentionDs(), "32,16,8 are resolutions: 256/32=8, 256/16=16, 256/8=32");
        assertEquals(List.of(1.0, 1.0, 2.0, 2.0, 4.0, 4.0), c.channelMult());
        assertEquals(64, c.numHeadChannels());
        assertTrue(c.resblockUpdown() && c.useScaleShiftNorm() && c.convResample() && !c.useNewAttentionOrder());
        assertEquals(0, c.numClasses());
        assertEquals(32, c.sizeMultiple());
    }

    /** Names and shapes one to one with research/adm256_uncond_state_dict.tsv, in state-dict order. */
    @Test
    void adm256WithEmptyWeightsMatchesPublishedStateDict() throws Exception {
        List<String> expected = new ArrayList<>();
        for (String line : Files.readAllLines(SharedData.root().resolve("research/adm256_uncond_state_dict.tsv"))) {
            if (!line.startsWith("#") && !line.isBlank()) {
                expected.add(line.trim());
            }
        }
        AdmUNet net = AdmUNet.empty(AdmConfig.preset("adm-256-uncond"));
        List<String> actual = new ArrayList<>();
        for (Map.Entry<String, long[]> e : net.shapes().entrySet()) {
            long[] s = e.getValue();
            String shape = s.length == 1 ? "(" + s[0] + ",)" : Arrays.toString(s).replace('[', '(').replace(']', ')');
            actual.add(e.getKey() + "\t" + shape);
        }
        assertEquals(566, expected.size());
        assertEquals(expected, actual);
        assertEquals(552_814_086L, net.parameterCount());
    }

    @Test
    void bundledPriorsHaveTheirPublishedParameterCounts() {
        assertEquals(7_266_947L, AdmUNet.parameterCount(AdmConfig.preset("vireo-tiny")));
        assertEquals(18_537_539L, AdmUNet.parameterCount(AdmConfig.preset("vireo-base")));
        assertEquals(List.of(8), AdmConfig.preset("vireo-tiny").attentionDs(), "a JSON list holds downsample factors");
    }

    @Test
    void defaultsAndConventionsFollowGuidedDiffusion() {
        AdmConfig d = new AdmConfig.Builder().build();
        assertEquals(64, d.imageSize());
        assertEquals(128, d.modelChannels());
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0), d.channelMult());
        assertEquals(List.of(4, 8), d.attentionDs(), "default \"16,8\" at 64 -> ds 4, 8");
        assertEquals(3, d.outChannels());
        assertEquals(List.of(1.0, 1.0, 2.0, 3.0, 4.0), new AdmConfig.Builder().set("image_size", "128").build().channelMult());
        assertEquals(List.of(1.0, 2.0, 2.0, 2.0), new AdmConfig.Builder().set("image_size", "32").build().channelMult());
        AdmConfig s = new AdmConfig.Builder().set("learn_sigma", "true").set("class_cond", "true")
                .set("attention_ds", "2,4").set("num_channels", "64").build();
        assertEquals(6, s.outChannels());
        assertEquals(1000, s.numClasses());
        assertEquals(List.of(2, 4), s.attentionDs());
        assertEquals(64, s.modelChannels());
        assertEquals(128, new AdmConfig.Builder(s).set("model_channels", "128").build().modelChannels());
    }

    @Test
    void badFlagsAreInputErrors() {
        assertThrows(InvalidInputException.class, () -> new AdmConfig.Builder().set("num_chanels", "3"));
        assertThrows(InvalidInputException.class, () -> new AdmConfig.Builder().set("num_channels", "many"));
        assertThrows(InvalidInputException.class, () -> new AdmConfig.Builder().set("image_size", "100").build());
        assertThrows(InvalidInputException.class, () -> new AdmConfig.Builder().set("attention_resolutions", "7").build());
        assertThrows(InvalidInputException.class, () -> new AdmConfig.Builder().set("num_channels", "40").build());
        assertThrows(InvalidInputException.class, () -> AdmConfig.preset("adm-512"));
    }

    @Test
    void checkpointShapesRevealTheFlags() {
        try (var ck = dev.vireo.model.checkpoint.Checkpoint.open(SharedData.root().resolve("models/vireo-tiny.pt"))) {
            Map<String, String> g = StateDictCheck.guess(ck.tensors());
            assertEquals("32", g.get("model_channels"));
            assertEquals("1,2,4,4", g.get("channel_mult"));
            assertEquals("2", g.get("num_res_blocks"));
            assertEquals("8", g.get("attention_resolutions"));
            assertEquals("true", g.get("use_scale_shift_norm"));
            assertEquals("true", g.get("resblock_updown"));
            assertEquals("false", g.get("learn_sigma"));
        }
        try (var ck = dev.vireo.model.checkpoint.Checkpoint.open(SharedData.fixture("adm-variant.pt"))) {
            Map<String, String> g = StateDictCheck.guess(ck.tensors());
            assertEquals("1,2", g.get("channel_mult"));
            assertEquals("1", g.get("num_res_blocks"));
            assertEquals("false", g.get("use_scale_shift_norm"));
            assertEquals("false", g.get("resblock_updown"));
        }
        assertArrayEquals(new long[] {32, 32, 3, 3}, AdmUNet.parameterShapes(AdmConfig.preset("vireo-tiny")).get("input_blocks.1.0.in_layers.2.weight"));
    }
}
