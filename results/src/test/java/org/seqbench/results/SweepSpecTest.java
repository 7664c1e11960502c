package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;

/** The sweep's keys follow the core's names; records written under the earlier names still read. */
class SweepSpecTest {
    @Test
    void aSweepWrittenUnderTheEarlierNamesReadsIntoTheCurrentOnes() throws IOException {
        JsonNode sweep;
        try (InputStream in = getClass().getResourceAsStream("/run-v1-quick.json")) {
            sweep = Json.mapper().readTree(in).get("sweep");
        }
        assertTrue(sweep.has("models") && sweep.has("hidden"), "the resource holds the earlier names: " + sweep);
        SweepSpec read = Json.mapper().treeToValue(sweep, SweepSpec.class);
        assertEquals(List.of(ModelKind.values()), read.kinds());
        assertEquals(List.of(128), read.hiddenSizes());
        assertEquals(List.of(16, 64, 256), read.seqLens());
    }

    @Test
    void aSweepIsWrittenUnderTheCurrentNames() throws IOException {
        JsonNode written = Json.mapper().valueToTree(Fixtures.sweep());
        assertTrue(written.has("kinds") && written.has("hiddenSizes"), written.toString());
        assertFalse(written.has("models") || written.has("hidden"), written.toString());
        assertEquals(Fixtures.sweep(), Json.mapper().treeToValue(written, SweepSpec.class));
    }

    @Test
    void twoSweepsDifferInTheFieldsNamedWithBothValuesTheShardAside() {
        SweepSpec sweep = Fixtures.sweep();
        assertEquals(List.of(), sweep.differences(sweep.withShard(new SweepSpec.Shard(2, 3))),
                "two shards of one sweep are one sweep");
        SweepSpec other = new SweepSpec(sweep.profile(), sweep.backends(), sweep.kinds(), List.of(16, 32),
                sweep.batches(), sweep.hiddenSizes(), sweep.layers(), sweep.threads(), sweep.inputSize(),
                sweep.heads(), sweep.ffnRatio(), sweep.outputSize(), sweep.bidirectional(), sweep.variants(), 7,
                sweep.tolerance(), new SweepSpec.Measurement(2, 2, 1.0, 3, 1.0), null);
        List<SweepSpec.Difference> differences = sweep.differences(other);
        assertEquals(List.of("seqLens", "seed", "measurement"),
                differences.stream().map(SweepSpec.Difference::field).toList());
        assertEquals("seqLens [16,64] -> [16,32]", differences.getFirst().toString());
        assertEquals("seed 42 -> 7", differences.get(1).toString());
    }
}
