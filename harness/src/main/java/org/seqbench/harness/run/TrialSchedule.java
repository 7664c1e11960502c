package org.seqbench.harness.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.seqbench.harness.sweep.SweepPlanner.PlannedCell;

/**
 * The order a sweep's trials run in: randomized multiple interleaved trials (Abedi and Brecht 2017). Round {@code r}
 * holds trial {@code r} of every cell that still needs one, in an order of its own drawn from the sweep's seed, so
 * that a slow phase of the host hits every cell a little instead of a few cells fully, and the same sweep runs its
 * trials in the same order every time.
 *
 * @param rounds each round's trials, in the order they run
 */
record TrialSchedule(List<List<Slot>> rounds) {

    /** Trial {@code index} of {@code planned}. */
    record Slot(PlannedCell planned, int index) {
    }

    TrialSchedule {
        rounds = rounds.stream().map(List::copyOf).toList();
    }

    /**
     * The schedule for {@code cells}, each to reach {@code trials} trials, where {@code done} says how many each
     * (by cell key) has already (a resumed run's); cells with all their trials are left out.
     */
    static TrialSchedule of(List<PlannedCell> cells, int trials, Map<String, Integer> done, long seed) {
        List<List<Slot>> rounds = new ArrayList<>();
        for (int round = 0; round < trials; round++) {
            List<Slot> slots = new ArrayList<>();
            for (PlannedCell planned : cells) {
                if (done.getOrDefault(planned.cell().key(), 0) <= round) {
                    slots.add(new Slot(planned, round));
                }
            }
            // One generator per round, from the seed and the round's number.
            Collections.shuffle(slots, new Random(seed * 31 + round));
            if (!slots.isEmpty()) {
                rounds.add(slots);
            }
        }
        return new TrialSchedule(rounds);
    }

    int size() {
        return rounds.stream().mapToInt(List::size).sum();
    }
}
