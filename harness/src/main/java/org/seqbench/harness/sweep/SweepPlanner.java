package org.seqbench.harness.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.seqbench.core.ForwardMemoryPrediction;
import org.seqbench.core.InvalidSpecException;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.results.Cell;
import org.seqbench.results.Numbers;
import org.seqbench.results.SweepSpec;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Precision;

/**
 * Turns a {@link SweepSpec} into the ordered list of cells to measure.
 *
 * <p>The order puts all backends and kinds of one shape next to each other (shape-major, backend-minor), so that
 * slow drift of the machine over a long run affects every backend alike and an interrupted run holds complete
 * comparisons for the shapes it reached.
 */
public final class SweepPlanner {

    /**
     * A cell in plan order; {@code skipReason} is set when it cannot run here (backend unavailable, kind or
     * arithmetic unsupported, predicted to need more memory than the machine has).
     */
    public record PlannedCell(int position, Cell cell, String skipReason) {
    }

    private SweepPlanner() {
    }

    /**
     * Plans {@code sweep} over {@code discovered} backends.
     *
     * @throws UserError for an unknown backend, an empty list, or sizes that make no valid model
     */
    public static List<PlannedCell> plan(SweepSpec sweep, List<BackendProvider> discovered) {
        return plan(sweep, discovered, MachineMemory.bytes());
    }

    /**
     * Plans {@code sweep} over {@code discovered} backends on a machine of {@code memory} bytes: a cell predicted
     * ({@link ForwardMemoryPrediction}) to need more for one forward pass is skipped, with the figure as its reason; with the
     * memory unknown (empty) none is.
     *
     * @throws UserError for an unknown backend, an empty list, or sizes that make no valid model
     */
    public static List<PlannedCell> plan(SweepSpec sweep, List<BackendProvider> discovered, OptionalLong memory) {
        validate(sweep);
        List<BackendProvider> providers = BackendSelection.select(sweep.backends(), discovered);
        requirePlannable(sweep, providers.size());
        List<PlannedCell> plan = new ArrayList<>();
        for (int hidden : sweep.hiddenSizes()) {
            for (int layers : sweep.layers()) {
                for (int threads : sweep.threads()) {
                    for (int batch : sweep.batches()) {
                        for (int seqLen : sweep.seqLens()) {
                            for (ModelKind kind : sweep.kinds()) {
                                ModelSpec spec = spec(sweep, kind, hidden, layers);
                                for (BackendProvider provider : providers) {
                                    for (String variant : variants(sweep, provider, kind)) {
                                        for (Precision precision : sweep.arithmetic()) {
                                            Cell cell = new Cell(provider.id(), variant, provider.device(),
                                                    precision.id(), kind, seqLen, batch, hidden, layers, threads,
                                                    spec.inputSize(), spec.heads(), spec.ffnSize(),
                                                    spec.outputSize(), spec.bidirectional());
                                            int position = plan.size();
                                            String reason = skipReason(provider, kind, precision);
                                            plan.add(new PlannedCell(position, cell, reason != null ? reason
                                                    : tooLarge(spec, batch, seqLen, memory)));
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (sweep.shard() != null) {
            return plan.stream().filter(planned -> sweep.shard().includes(planned.position())).toList();
        }
        return plan;
    }

    /**
     * Most cells one sweep may plan. The default study's largest sweep plans a few thousand; a cross product of a
     * few lists of a few hundred values would ask for billions of cells and fill the memory before one is measured.
     */
    public static final long MAX_CELLS = 1_000_000;

    /** Refuses a sweep whose cross product is larger than {@link #MAX_CELLS}, before planning any of it. */
    private static void requirePlannable(SweepSpec sweep, int backends) {
        double cells = (double) sweep.hiddenSizes().size() * sweep.layers().size() * sweep.threads().size()
                * sweep.batches().size() * sweep.seqLens().size() * sweep.kinds().size() * Math.max(1, backends)
                * sweep.arithmetic().size();
        if (cells > MAX_CELLS) {
            throw new UserError(String.format(java.util.Locale.ROOT, "the sweep plans %.0f cells (%d hiddenSizes x "
                    + "%d layers x %d threads x %d batches x %d seqLens x %d kinds x %d backends x %d arithmetic); "
                    + "accepted: at most %d, so shorten the lists", cells, sweep.hiddenSizes().size(),
                    sweep.layers().size(), sweep.threads().size(), sweep.batches().size(), sweep.seqLens().size(),
                    sweep.kinds().size(), backends, sweep.arithmetic().size(), MAX_CELLS));
        }
    }

    private static ModelSpec spec(SweepSpec sweep, ModelKind kind, int hidden, int layers) {
        if (!kind.isRecurrent() && (long) sweep.ffnRatio() * hidden > Integer.MAX_VALUE) {
            throw new UserError("ffnRatio " + sweep.ffnRatio() + " times hidden size " + hidden
                    + " is a feed-forward width larger than " + Integer.MAX_VALUE + "; accepted: a product that fits");
        }
        try {
            return kind.isRecurrent()
                    ? ModelSpec.recurrent(kind, sweep.inputSize(), hidden, layers, sweep.bidirectional(),
                            sweep.outputSize())
                    : ModelSpec.transformer(sweep.inputSize(), hidden, layers, sweep.heads(),
                            sweep.ffnRatio() * hidden, sweep.outputSize());
        } catch (InvalidSpecException e) {
            throw new UserError("hidden size " + hidden + " and the other sizes make no valid " + kind.id()
                    + " model: " + e.getMessage());
        }
    }

    private static List<String> variants(SweepSpec sweep, BackendProvider provider, ModelKind kind) {
        List<String> variants = provider.supportedKinds().contains(kind) ? provider.variants(kind) : List.of();
        if (variants.isEmpty()) {
            return List.of("");
        }
        return SweepSpec.ALL_VARIANTS.equals(sweep.variants()) ? variants : List.of(variants.getFirst());
    }

    private static String skipReason(BackendProvider provider, ModelKind kind, Precision precision) {
        Availability availability = provider.availability();
        if (!availability.available()) {
            return provider.id() + " is unavailable: " + availability.reason();
        }
        if (!provider.supportedKinds().contains(kind)) {
            return provider.id() + " does not support " + kind.id();
        }
        return unsupportedArithmetic(provider, precision);
    }

    /**
     * Why {@code provider} cannot compute in {@code precision} ("onnx computes in fp32 only"); null when it can. The
     * sentence of a skipped cell and of {@code verify}'s skipped row.
     */
    public static String unsupportedArithmetic(BackendProvider provider, Precision precision) {
        if (provider.precisions().contains(precision)) {
            return null;
        }
        return provider.id() + " computes in " + provider.precisions().stream().map(Precision::id)
                .collect(Collectors.joining(", ")) + " only";
    }

    /**
     * Why a cell of {@code spec} over {@code batch} sequences of {@code seqLen} cannot run on a machine of
     * {@code memory} bytes, with the prediction's largest parts; null when it fits or the memory is unknown.
     */
    static String tooLarge(ModelSpec spec, int batch, int seqLen, OptionalLong memory) {
        ForwardMemoryPrediction predicted = ForwardMemoryPrediction.of(spec, batch, seqLen);
        if (memory.isEmpty() || predicted.total() <= memory.getAsLong()) {
            return null;
        }
        Map<String, Long> parts = new LinkedHashMap<>();
        parts.put("attention scores", predicted.attentionScores());
        parts.put("feed-forward", predicted.feedForward());
        parts.put("activations", predicted.activations());
        parts.put("weights", predicted.weights());
        parts.put("input and output", predicted.inputOutput());
        String listed = parts.entrySet().stream().filter(part -> part.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(part -> part.getKey() + " " + Numbers.bytes(part.getValue()))
                .collect(Collectors.joining(", "));
        return "predicted to need " + Numbers.gibibytes(predicted.total()) + " for one forward pass (" + listed
                + "), more than this machine's " + Numbers.gibibytes(memory.getAsLong());
    }

    /** Checks the sweep's numbers and lists; every message names the bad value. */
    static void validate(SweepSpec sweep) {
        nonEmpty("kinds", sweep.kinds());
        positiveList("seqLens", sweep.seqLens());
        positiveList("batches", sweep.batches());
        positiveList("hiddenSizes", sweep.hiddenSizes());
        positiveList("layers", sweep.layers());
        nonEmpty("threads", sweep.threads());
        nonEmpty("arithmetic", sweep.arithmetic());
        if (sweep.arithmetic().stream().distinct().count() < sweep.arithmetic().size()) {
            throw new UserError("arithmetic " + sweep.arithmetic().stream().map(Precision::id).toList()
                    + " names one twice; accepted: each of " + Precision.acceptedIds() + " at most once");
        }
        for (int threads : sweep.threads()) {
            if (threads < 0) {
                throw new UserError("threads must be 0 (engine default) or positive, got " + threads);
            }
        }
        positive("inputSize", sweep.inputSize());
        positive("heads", sweep.heads());
        positive("ffnRatio", sweep.ffnRatio());
        if (sweep.outputSize() < 0) {
            throw new UserError("outputSize must be 0 (no head) or positive, got " + sweep.outputSize());
        }
        if (!SweepSpec.DEFAULT_VARIANTS.equals(sweep.variants()) && !SweepSpec.ALL_VARIANTS.equals(sweep.variants())) {
            throw new UserError("variants must be 'default' or 'all', got '" + sweep.variants() + "'");
        }
        if (!(sweep.tolerance() > 0)) {
            throw new UserError("tolerance must be a positive number, got " + sweep.tolerance());
        }
        SweepSpec.Measurement measurement = sweep.measurement();
        if (measurement == null) {
            throw new UserError("the sweep has no measurement settings");
        }
        positive("trials", measurement.trials());
        positive("iterations", measurement.iterations());
        if (measurement.warmupIterations() < 0) {
            throw new UserError("warmup iterations must be 0 or more, got " + measurement.warmupIterations());
        }
        if (!(measurement.iterationSeconds() > 0) || !(measurement.warmupSeconds() > 0)) {
            throw new UserError("iteration and warm-up times must be positive, got " + measurement.iterationSeconds()
                    + " and " + measurement.warmupSeconds() + " seconds");
        }
        Double precision = measurement.precision();
        if (precision != null && !(precision > 0 && precision < 1)) {
            throw new UserError("precision must lie above 0 and below 1 (100%), got " + precision
                    + "; accepted: a fraction such as 0.03 in a sweep file, or --precision 3%");
        }
        if (measurement.maxTrials() != null && measurement.maxTrials() < measurement.trials()) {
            throw new UserError("maxTrials " + measurement.maxTrials() + " is below trials " + measurement.trials()
                    + "; accepted: at least the average trials per cell");
        }
        Double timeout = measurement.cellTimeoutSeconds();
        if (timeout != null && !(timeout > 0 && Double.isFinite(timeout))) {
            throw new UserError("cellTimeoutSeconds (--cell-timeout) must be a positive number of seconds, got "
                    + timeout);
        }
        SweepSpec.Shard shard = sweep.shard();
        if (shard != null && (shard.count() < 1 || shard.index() < 1 || shard.index() > shard.count())) {
            throw new UserError("shard " + shard.index() + "/" + shard.count()
                    + " is not valid; accepted: i/n with 1 <= i <= n");
        }
    }

    private static void nonEmpty(String name, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new UserError(name + " must list at least one value");
        }
    }

    private static void positiveList(String name, List<Integer> values) {
        nonEmpty(name, values);
        for (int value : values) {
            positive(name, value);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new UserError(name + " must be positive, got " + value);
        }
    }
}
