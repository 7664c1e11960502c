package org.seqbench.study.training;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.study.task.Metric;

/**
 * The best learning rate per (kind, length) of a set of finished runs. It reads results only, so a study that
 * resumes from stored runs summarises them exactly as one that trained them now.
 */
public final class GridSummary {
    private GridSummary() {
    }

    /**
     * One {@link BestRate} per (kind, length), in the order the runs first name them. Rates are ranked by their mean
     * over the seeds every rate of the cell was trained from (all of them for a full grid, the selection seed for
     * {@link StudyGrid}'s selection and confirmation), so that a rate confirmed on more seeds is never judged on
     * other sequences than its rivals; each rate's stated spread is over all its seeds. A rate that diverged on a
     * compared seed, or whose mean is not finite, ranks below every rate that did not.
     *
     * @throws IllegalArgumentException if the runs are of more than one task
     */
    public static List<BestRate> of(List<TrainingResult> results) {
        if (results.stream().map(result -> result.plan().task()).distinct().count() > 1) {
            throw new IllegalArgumentException("a grid summary takes the runs of one task, got "
                    + results.stream().map(result -> result.plan().task().id()).distinct().toList());
        }
        Map<Cell, Map<Double, List<TrainingResult>>> byCell = new LinkedHashMap<>();
        for (TrainingResult result : results) {
            TrainingPlan plan = result.plan();
            byCell.computeIfAbsent(new Cell(plan.kind(), plan.length()), cell -> new LinkedHashMap<>())
                    .computeIfAbsent(plan.learningRate(), rate -> new ArrayList<>()).add(result);
        }
        List<BestRate> summary = new ArrayList<>();
        byCell.forEach((cell, byRate) -> {
            Metric metric = byRate.values().iterator().next().getFirst().plan().task().metric();
            Set<Long> common = null;
            for (List<TrainingResult> runs : byRate.values()) {
                Set<Long> seeds = runs.stream().map(run -> run.plan().seed()).collect(Collectors.toSet());
                if (common == null) {
                    common = new HashSet<>(seeds);
                } else {
                    common.retainAll(seeds);
                }
            }
            Set<Long> compared = common;
            List<RateScore> grid = new ArrayList<>();
            List<RateScore> ranked = new ArrayList<>();
            byRate.forEach((rate, runs) -> {
                grid.add(score(rate, runs));
                List<TrainingResult> onCompared = runs.stream()
                        .filter(run -> compared.isEmpty() || compared.contains(run.plan().seed())).toList();
                ranked.add(score(rate, onCompared));
            });
            int best = 0;
            for (int candidate = 1; candidate < ranked.size(); candidate++) {
                if (beats(metric, ranked.get(candidate), ranked.get(best))) {
                    best = candidate;
                }
            }
            summary.add(new BestRate(cell.kind(), cell.length(), metric, grid.get(best), grid));
        });
        return summary;
    }

    private static RateScore score(double rate, List<TrainingResult> runs) {
        return new RateScore(rate, Spread.of(runs.stream().map(TrainingResult::metricValue).toList()),
                (int) runs.stream().filter(TrainingResult::diverged).count());
    }

    private static boolean beats(Metric metric, RateScore candidate, RateScore incumbent) {
        boolean candidateSound = candidate.diverged() == 0 && Double.isFinite(candidate.score().mean());
        boolean incumbentSound = incumbent.diverged() == 0 && Double.isFinite(incumbent.score().mean());
        if (candidateSound != incumbentSound) {
            return candidateSound;
        }
        return metric.isBetter(candidate.score().mean(), incumbent.score().mean());
    }

    private record Cell(ModelKind kind, int length) {
    }
}
