package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Cell;
import org.seqbench.results.analysis.CellComparison;
import org.seqbench.results.analysis.Comparison;
import org.seqbench.results.analysis.EnvironmentDifference;
import org.seqbench.results.analysis.Interval;
import org.seqbench.results.analysis.TrialEstimator;
import org.seqbench.results.analysis.TrialRatio;
import org.seqbench.results.analysis.Verdict;

/** compare.md: the verdict on top, the changed cells first, the rest collapsed and cut under GitHub's limit. */
class CompareReportTest {
    private static CellComparison cell(int i, Verdict verdict, double ratio) {
        TrialRatio trialRatio = new TrialRatio(TrialEstimator.MINIMUM, 1.0, ratio,
                new Interval(ratio * 0.98, ratio * 1.02, 0.95, Interval.Method.EXTREME_RANKS), null);
        Cell lstm = new Cell("onnx", "fused-op", "cpu", "fp32", ModelKind.LSTM, i, 8, 128, 1, 1, 64, 0, 0, 10, false);
        return new CellComparison(lstm, verdict, "a reason", trialRatio, 0.004, 6, 6, false);
    }

    @Test
    void regressionsComeFirstUnderTheVerdictAndTheRestIsCollapsed() {
        Comparison comparison = new Comparison("base", "now", Comparison.Settings.DEFAULT,
                List.of(cell(1, Verdict.NO_CHANGE, 1.01), cell(2, Verdict.REGRESSION, 1.3)));
        String markdown = CompareReport.markdown(comparison,
                new EnvironmentDifference(List.of(), List.of("onnx 1.29.0 -> 1.30.0")));
        assertTrue(markdown.startsWith("# seqbench compare: `now` against `base`\n\n**Regression**: 1 slower cell, "
                + "0 faster, 1 unchanged, 0 noisy, 0 not comparable (2 cells)\n"), markdown);
        assertTrue(markdown.contains("What differs between the runs: onnx 1.29.0 -> 1.30.0."), markdown);
        int regression = markdown.indexOf("T=2 B=8");
        int details = markdown.indexOf("<details><summary>1 other cells</summary>");
        assertTrue(regression > 0 && details > regression && markdown.indexOf("T=1 B=8") > details, markdown);
        assertTrue(markdown.contains("| **regression** | 1.3 | 1.27 – 1.33 | 0.004 | a reason |"), markdown);
        assertTrue(markdown.contains("Trials: 6 and 6 trials: fewer than 9 a side make the U test weak"), markdown);
    }

    @Test
    void aLargeSweepStaysUnderGitHubsCommentLimit() {
        List<CellComparison> cells = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            cells.add(cell(i, Verdict.NO_CHANGE, 1.0));
        }
        String markdown = CompareReport.markdown(new Comparison("base", "now", Comparison.Settings.DEFAULT, cells),
                new EnvironmentDifference(List.of(), List.of()));
        assertTrue(markdown.length() < CompareReport.COMMENT_LIMIT, "length " + markdown.length());
        assertTrue(markdown.contains(" more cells are left out to stay under GitHub's comment limit; compare.json "
                + "holds every cell."), markdown.substring(markdown.length() - 500));
        assertEquals(1, markdown.split("</details>", -1).length - 1, "the collapsed section is closed once");
    }
}
