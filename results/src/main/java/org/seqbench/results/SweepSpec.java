package org.seqbench.results;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.Precision;

/**
 * Everything needed to repeat a sweep: which cells (the cross product of the lists), the fixed model sizes, the
 * seed, the accuracy tolerance and how JMH measures each cell. Also the shape of a {@code sweep.yaml} file. Names
 * follow the core's ({@code kind}, {@code hiddenSize}); the names of earlier records ({@code models}, {@code hidden})
 * are still read.
 *
 * @param profile the profile the sweep came from ({@code smoke}, {@code quick}, ...), or {@code custom}
 * @param backends backend ids; empty means every discovered backend
 * @param kinds model kinds
 * @param seqLens sequence lengths
 * @param batches batch sizes
 * @param hiddenSizes hidden sizes (d_model for the Transformer)
 * @param layers layer counts
 * @param threads engine thread counts (0 = the engine's default)
 * @param arithmetic the arithmetics each backend computes the cells in ({@code fp32}, {@code tf32}, {@code bf16}),
 *     recorded as each cell's {@code precision}; a record written before schema version 8, which has none, reads as
 *     fp32 alone, the arithmetic every earlier cell computed in
 * @param inputSize features per time step
 * @param heads attention heads (Transformer)
 * @param ffnRatio feed-forward width as a multiple of d_model (Transformer)
 * @param outputSize width of the last-step head; 0 measures the encoder alone
 * @param bidirectional whether recurrent models are bidirectional
 * @param variants {@code default} (each backend's default implementation) or {@code all} (every variant)
 * @param seed seed of weights and inputs
 * @param tolerance largest absolute error against the float64 reference for an fp32 cell to be measured; a cell of
 *     a reduced arithmetic is held to that arithmetic's own bound ({@link Precision#tolerance(double)})
 * @param measurement JMH settings per cell
 * @param shard which part of the cells this run measures; null for all
 * @param engineOptions engine settings asked for, by backend id, then setting key (see
 *     {@code org.seqbench.spi.EngineSetting}); a backend or key left out runs with the engine's defaults
 */
public record SweepSpec(
        String profile,
        List<String> backends,
        @JsonAlias("models") List<ModelKind> kinds,
        List<Integer> seqLens,
        List<Integer> batches,
        @JsonAlias("hidden") List<Integer> hiddenSizes,
        List<Integer> layers,
        List<Integer> threads,
        List<Precision> arithmetic,
        int inputSize,
        int heads,
        int ffnRatio,
        int outputSize,
        boolean bidirectional,
        String variants,
        long seed,
        double tolerance,
        Measurement measurement,
        Shard shard,
        Map<String, Map<String, String>> engineOptions) {

    public static final String DEFAULT_VARIANTS = "default";
    public static final String ALL_VARIANTS = "all";

    public SweepSpec {
        backends = copy("backends", backends);
        kinds = copy("kinds", kinds);
        seqLens = copy("seqLens", seqLens);
        batches = copy("batches", batches);
        hiddenSizes = copy("hiddenSizes", hiddenSizes);
        layers = copy("layers", layers);
        threads = copy("threads", threads);
        arithmetic = arithmetic == null ? List.of(Precision.FP32) : copy("arithmetic", arithmetic);
        Map<String, Map<String, String>> options = new TreeMap<>();
        if (engineOptions != null) {
            engineOptions.forEach((backend, settings) -> {
                if (settings != null && !settings.isEmpty()) {
                    options.put(backend, Collections.unmodifiableMap(new TreeMap<>(settings)));
                }
            });
        }
        engineOptions = Collections.unmodifiableMap(options);
    }

    /** A sweep in fp32 alone: the only arithmetic before schema version 8. */
    public SweepSpec(String profile, List<String> backends, List<ModelKind> kinds, List<Integer> seqLens,
            List<Integer> batches, List<Integer> hiddenSizes, List<Integer> layers, List<Integer> threads,
            int inputSize, int heads, int ffnRatio, int outputSize, boolean bidirectional, String variants, long seed,
            double tolerance, Measurement measurement, Shard shard, Map<String, Map<String, String>> engineOptions) {
        this(profile, backends, kinds, seqLens, batches, hiddenSizes, layers, threads, List.of(Precision.FP32),
                inputSize, heads, ffnRatio, outputSize, bidirectional, variants, seed, tolerance, measurement, shard,
                engineOptions);
    }

    /** A sweep in fp32 alone with every engine at its default settings. */
    public SweepSpec(String profile, List<String> backends, List<ModelKind> kinds, List<Integer> seqLens,
            List<Integer> batches, List<Integer> hiddenSizes, List<Integer> layers, List<Integer> threads,
            int inputSize, int heads, int ffnRatio, int outputSize, boolean bidirectional, String variants, long seed,
            double tolerance, Measurement measurement, Shard shard) {
        this(profile, backends, kinds, seqLens, batches, hiddenSizes, layers, threads, inputSize, heads, ffnRatio,
                outputSize, bidirectional, variants, seed, tolerance, measurement, shard, Map.of());
    }

    /** The largest absolute error against the float64 reference a cell computed in {@code precision} may have. */
    public double tolerance(Precision precision) {
        return precision.tolerance(tolerance);
    }

    /** The settings asked of {@code backend}'s engine; empty for its defaults. */
    public Map<String, String> engineOptions(String backend) {
        return engineOptions.getOrDefault(backend, Map.of());
    }

    /**
     * An absent list (a sweep file's {@code seqLens: null}) reads as empty, which validation then names; a null
     * element ({@code seqLens: [16, ~]}) is refused here, where the list's name is still known.
     */
    private static <T> List<T> copy(String name, List<T> values) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException(name + " " + values + " has an empty (null) element; every element "
                    + "must be a value");
        }
        return java.util.Collections.unmodifiableList(new ArrayList<>(values));
    }

    /**
     * How one cell is measured: {@code trials} independent trials, each a JMH run of its own with these warm-up and
     * measurement iterations. Records and sweep files written before trials existed name the count {@code forks}
     * (each fork was one such JMH run), and read as the same thing. {@code cellTimeoutSeconds} is the most one trial
     * (model load, reference check, warm-up and iterations) may take before its worker is stopped; null, as in
     * records written before it existed, leaves the limit to the harness's default.
     */
    public record Measurement(@com.fasterxml.jackson.annotation.JsonAlias("forks") int trials, int warmupIterations,
            double warmupSeconds, int iterations, double iterationSeconds,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Double cellTimeoutSeconds,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Double precision,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            Integer maxTrials) {

        /** A fixed schedule: {@code trials} trials for every cell (every record before adaptive precision). */
        public Measurement(int trials, int warmupIterations, double warmupSeconds, int iterations,
                double iterationSeconds) {
            this(trials, warmupIterations, warmupSeconds, iterations, iterationSeconds, null, null, null);
        }

        /** A fixed schedule with a time limit per trial. */
        public Measurement(int trials, int warmupIterations, double warmupSeconds, int iterations,
                double iterationSeconds, Double cellTimeoutSeconds) {
            this(trials, warmupIterations, warmupSeconds, iterations, iterationSeconds, cellTimeoutSeconds, null,
                    null);
        }

        /**
         * Whether trials are added to a cell until its headline is precise to {@link #precision()}: then
         * {@link #trials()} is the average a cell may use (the run's budget is cells times trials), every cell gets
         * {@link #FEWEST_ADAPTIVE_TRIALS} first, and none more than {@link #trialCap()}.
         */
        public boolean adaptive() {
            return precision != null;
        }

        /** The most trials one cell gets in an adaptive run: {@code maxTrials}, or three times the average. */
        public int trialCap() {
            return maxTrials != null ? maxTrials : 3 * trials;
        }

        /**
         * The trials every cell gets before an adaptive run adds any: the fewest whose minimum has an A/A interval at
         * 95% (see {@code MinimumRatio}), so that each cell's precision can be judged.
         */
        public static final int FEWEST_ADAPTIVE_TRIALS = 4;

        /** Seconds of warm-up and measurement one cell takes at least, start-up excluded. */
        public double secondsPerCell() {
            return trials * secondsPerTrial();
        }

        /** Seconds of warm-up and measurement one trial takes at least, model load excluded. */
        public double secondsPerTrial() {
            return warmupIterations * warmupSeconds + iterations * iterationSeconds;
        }
    }

    /**
     * Part {@code index} (1-based) of {@code count}: the cells whose position in the full plan is
     * {@code index - 1} modulo {@code count}, so that shards get similar mixes of cheap and costly cells.
     */
    public record Shard(int index, int count) {
        public boolean includes(int position) {
            return position % count == index - 1;
        }

        @Override
        public String toString() {
            return index + "/" + count;
        }
    }

    /**
     * The fields in which {@code other} differs from this sweep, the shard aside (two shards of one sweep are one
     * sweep), each with both values as run.json writes them; empty when they are one sweep. Compared as JSON, so a
     * field added to the sweep later is compared too.
     */
    public List<Difference> differences(SweepSpec other) {
        ObjectMapper json = Json.mapper();
        JsonNode mine = json.valueToTree(withShard(null));
        JsonNode theirs = json.valueToTree(other.withShard(null));
        Set<String> fields = new LinkedHashSet<>();
        mine.fieldNames().forEachRemaining(fields::add);
        theirs.fieldNames().forEachRemaining(fields::add);
        List<Difference> differences = new ArrayList<>();
        for (String field : fields) {
            if (!Objects.equals(mine.get(field), theirs.get(field))) {
                differences.add(new Difference(field, String.valueOf(mine.get(field)),
                        String.valueOf(theirs.get(field))));
            }
        }
        return differences;
    }

    /** A field two sweeps differ in, with this sweep's value and the other's, as JSON ("null" when absent). */
    public record Difference(String field, String value, String otherValue) {
        @Override
        public String toString() {
            return field + " " + value + " -> " + otherValue;
        }
    }

    public SweepSpec withShard(Shard newShard) {
        return new SweepSpec(profile, backends, kinds, seqLens, batches, hiddenSizes, layers, threads, arithmetic,
                inputSize, heads, ffnRatio, outputSize, bidirectional, variants, seed, tolerance, measurement, newShard,
                engineOptions);
    }

    public SweepSpec withBackends(List<String> newBackends) {
        return new SweepSpec(profile, newBackends, kinds, seqLens, batches, hiddenSizes, layers, threads, arithmetic,
                inputSize, heads, ffnRatio, outputSize, bidirectional, variants, seed, tolerance, measurement, shard,
                engineOptions);
    }

    public SweepSpec withEngineOptions(Map<String, Map<String, String>> newOptions) {
        return new SweepSpec(profile, backends, kinds, seqLens, batches, hiddenSizes, layers, threads, arithmetic,
                inputSize, heads, ffnRatio, outputSize, bidirectional, variants, seed, tolerance, measurement, shard,
                newOptions);
    }
}
