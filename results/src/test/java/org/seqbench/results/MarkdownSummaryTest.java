package org.seqbench.results;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkdownSummaryTest {
    private final String markdown = MarkdownSummary.render(Fixtures.record());

    @Test
    void startsWithTheRunAndItsFixedCoordinates() {
        assertTrue(markdown.startsWith("# seqbench run `20261124-100000-quick`\n\n6 cells: 4 ok, 1 failed, 1 skipped;"
                + " 1 measured under contention"), markdown);
        assertTrue(markdown.contains("All cells: input size 64, hidden size 128, 1 layer, unidirectional, 1 thread, "
                + "fp32, head of 10 outputs on the last step, seed 42. Transformer: 4 heads, feed-forward 4 x d_model."),
                markdown);
    }

    @Test
    void listsTheEnvironmentIncludingUnavailableBackends() {
        assertTrue(markdown.contains("| CPU | AMD EPYC, 2 logical cores |"), markdown);
        assertTrue(markdown.contains("onnx: ONNX Runtime 1.29.0 on cpu<br>cuda: CUDA unknown on none (unavailable: "
                + "no driver)"), markdown);
        assertTrue(markdown.contains("| Thread settings | OMP_NUM_THREADS=1 |"), markdown);
    }

    @Test
    void hasOneTablePerKindWithEveryFigure() {
        assertTrue(markdown.contains("\n## LSTM\n\n| backend | seq | batch | p50 ms | mean ± CI ms | seq/s | tokens/s |"
                + " GFLOP/s | max abs err | others' CPU |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n"), markdown);
        assertTrue(markdown.contains("| onnx | 16 | 1 | 0.931 | 0.95 ± 0.0095 | 1,053 | 16,842 |"), markdown);
        assertTrue(markdown.contains("| 1.2e-07 | 0.10 |"), markdown);
        assertTrue(markdown.contains("| 1.40 ⚠ |"), "contended cells are marked:\n" + markdown);
        assertTrue(markdown.contains("\n## Transformer\n"), markdown);
    }

    @Test
    void namesTheVariantOnlyWhereABackendRanSeveral() {
        assertTrue(markdown.contains("| onnx · standard-ops | 16 |"), markdown);
        assertTrue(markdown.contains("| onnx · contrib-attention | 16 |"), markdown);
        assertFalse(markdown.contains("onnx · fused-op"), markdown);
    }

    @Test
    void listsCellsThatWereNotMeasuredWithEscapedReasons() {
        assertTrue(markdown.contains("## Not measured\n\n| cell | status | reason |"), markdown);
        assertTrue(markdown.contains("| skipped | cuda is unavailable: no driver |"), markdown);
        assertTrue(markdown.contains("| failed | the output differs \\| badly |"), markdown);
    }
}
