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
}
