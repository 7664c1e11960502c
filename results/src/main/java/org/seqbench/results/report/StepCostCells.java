package org.seqbench.results.report;

import java.util.List;
import org.seqbench.results.Numbers;
import org.seqbench.results.analysis.SeqScaling;
import org.seqbench.results.analysis.StepCost;

/** The step-cost columns of a recurrent kind's scaling row, as the Markdown summary and the HTML table show them. */
final class StepCostCells {
    private StepCostCells() {
    }

    /** Cost per step, fixed overhead and the recurrence's share at the longest length; three empty cells unfitted. */
    static List<String> of(SeqScaling scaling) {
        if (scaling.decomposition().orNull() instanceof StepCost cost) {
            return List.of(Numbers.timeWithError(cost.perStepMs(), cost.perStepError()),
                    Numbers.timeWithError(cost.overheadMs(), cost.overheadError()),
                    Numbers.percent(cost.recurrenceShare()) + " at T = " + cost.longestLength());
        }
        return List.of("", "", "");
    }
}
