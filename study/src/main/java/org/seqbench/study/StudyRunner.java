package org.seqbench.study;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Parameters;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainableModel;
import org.seqbench.spi.TrainingOptions;
import org.seqbench.spi.TrainingSupport;
import org.seqbench.study.gradient.GradientFlow;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.task.Dataset;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.task.Split;
import org.seqbench.study.training.GateInit;
import org.seqbench.study.training.GridSummary;
import org.seqbench.study.training.LossPoint;
import org.seqbench.study.training.StudyGrid;
import org.seqbench.study.training.StudyModel;
import org.seqbench.study.training.TrainingOutcome;
import org.seqbench.study.training.TrainingPlan;
import org.seqbench.study.training.TrainingResult;
import org.seqbench.study.training.TrainingRun;

/**
 * Runs a study piece by piece (the parameter counts, the gradient flow at initialisation, every forward pass of the
 * memory study, every training of every task's grid, the cross-check on a second trainer), storing the record after
 * each piece and reporting progress with an estimate of the time left. Pieces already in the record are skipped, so
 * a study interrupted anywhere resumes where it stopped.
 */
public final class StudyRunner {

    /** A backend that trains, by id. */
    public record Trainer(String id, TrainingSupport support) {
    }

    /** Measures the memory of one forward pass in a JVM of its own. */
    public interface MemoryProbe {
        ForwardMemory measure(String backend, ModelKind kind, int length, int batch, int hiddenSize);
    }

    /** Where the record goes after each piece. */
    public interface Store {
        void save(StudyRecord record) throws IOException;
    }

    /** Told after each piece. */
    public interface Progress {
        /**
         * @param left the estimated time for the pieces still to run; empty until one piece of each kind of work
         *     left has been timed
         */
        void finished(int done, int total, String what, Duration took, Duration elapsed, Optional<Duration> left);
    }

    private final StudyConfig config;
    private final Trainer trainer;
    private final Optional<Trainer> crossTrainer;
    private final List<String> memoryBackends;
    private final MemoryProbe memoryProbe;
    private final Store store;
    private final Progress progress;

    /**
     * @param crossTrainer a second backend to repeat one training per kind on, where it trains the kind
     * @param memoryBackends the inference backends whose forward passes the memory study measures
     */
    public StudyRunner(StudyConfig config, Trainer trainer, Optional<Trainer> crossTrainer, List<String> memoryBackends,
            MemoryProbe memoryProbe, Store store, Progress progress) {
        this.config = config;
        this.trainer = trainer;
        this.crossTrainer = crossTrainer;
        this.memoryBackends = List.copyOf(memoryBackends);
        this.memoryProbe = memoryProbe;
        this.store = store;
        this.progress = progress;
    }

    /** Runs every piece {@code record} does not hold yet, and returns the finished record. */
    public StudyRecord run(StudyRecord record) {
        List<Piece> pieces = pieces();
        List<Piece> left = pieces.stream().filter(piece -> !piece.done(record)).toList();
        int total = left.size();
        Instant start = Instant.now();
        Map<String, double[]> timing = new LinkedHashMap<>();
        StudyRecord current = record;
        int done = 0;
        for (int index = 0; index < left.size(); index++) {
            Piece piece = left.get(index);
            long began = System.nanoTime();
            current = piece.work().apply(current);
            Duration took = Duration.ofNanos(System.nanoTime() - began);
            save(current);
            done++;
            double[] category = timing.computeIfAbsent(piece.category(), name -> new double[2]);
            category[0] += took.toNanos() / 1e9;
            category[1] += piece.cost();
            progress.finished(done, total, piece.describe(current), took, Duration.between(start, Instant.now()),
                    estimate(left.subList(index + 1, left.size()), timing));
        }
        if (left.isEmpty() && record.finished() != null) {
            return record;
        }
        StudyRecord finished = current.finishedAt(Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        save(finished);
        return finished;
    }

    /**
     * Seconds per unit of cost of each kind of work timed so far, applied to what is left. A training of a kind not
     * timed yet takes the rate of the trainings that were ({@code training/*}): the cost model already weighs the
     * kinds' work, so the pooled rate is a fair first guess until the kind's own is known.
     */
    private static Optional<Duration> estimate(List<Piece> left, Map<String, double[]> timing) {
        double seconds = 0;
        for (Piece piece : left) {
            double[] rate = timing.get(piece.category());
            if (rate == null || rate[1] <= 0) {
                rate = family(piece.category(), timing);
            }
            if (rate == null) {
                return Optional.empty();
            }
            seconds += piece.cost() * rate[0] / rate[1];
        }
        return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** The pooled seconds and cost of the categories sharing {@code category}'s family (before its '/'). */
    private static double[] family(String category, Map<String, double[]> timing) {
        int slash = category.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String prefix = category.substring(0, slash + 1);
        double[] pooled = new double[2];
        timing.forEach((name, rate) -> {
            if (name.startsWith(prefix)) {
                pooled[0] += rate[0];
                pooled[1] += rate[1];
            }
        });
        return pooled[1] > 0 ? pooled : null;
    }

    private void save(StudyRecord record) {
        try {
            store.save(record);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the pieces

    /** One piece of work: done when the record holds its result. */
    private record Piece(String category, double cost, java.util.function.Predicate<StudyRecord> isDone,
            UnaryOperator<StudyRecord> work, java.util.function.Function<StudyRecord, String> description) {
        boolean done(StudyRecord record) {
            return isDone.test(record);
        }

        String describe(StudyRecord record) {
            return description.apply(record);
        }
    }

    private List<Piece> pieces() {
        List<Piece> pieces = new ArrayList<>();
        pieces.add(new Piece("parameters", 1, record -> !record.parameters().isEmpty(),
                record -> record.withParameters(parameterCounts()), record -> "parameter counts of "
                        + String.join(", ", config.kinds())));
        SequenceTask gradientTask = gradientTask();
        for (ModelKind kind : config.parsedKinds()) {
            pieces.add(initialGradient(gradientTask, kind, GateInit.PYTORCH, GradientRecord.PYTORCH));
            if (gated(kind) && config.parsedGateInit() == GateInit.MEMORY_OF_T) {
                pieces.add(initialGradient(gradientTask, kind, GateInit.MEMORY_OF_T, GradientRecord.MEMORY));
            }
        }
        // The memory points before the trainings: they are quick, and once timed the estimate covers them.
        for (String backend : memoryBackends) {
            for (ModelKind kind : config.parsedKinds()) {
                for (int length : config.memoryLengths()) {
                    pieces.add(memory(backend, kind, length));
                }
            }
        }
        for (SequenceTask task : config.parsedTasks()) {
            StudyGrid grid = config.grid(task);
            for (ModelKind kind : grid.kinds()) {
                for (int length : grid.lengths()) {
                    List<TrainingPlan> selection = grid.selection(kind, length);
                    for (TrainingPlan plan : selection) {
                        pieces.add(training(plan, record -> plan));
                    }
                    for (int other = 1; other < config.seeds(); other++) {
                        long seed = config.seedList().get(other);
                        pieces.add(training(selection.getFirst().with(selection.getFirst().learningRate(), seed),
                                record -> chosen(record, selection).with(chosen(record, selection).learningRate(),
                                        seed)));
                    }
                }
            }
        }
        crossTrainer.ifPresent(other -> {
            for (ModelKind kind : config.parsedKinds()) {
                pieces.add(crossCheck(other, kind));
            }
        });
        return pieces;
    }

    private List<ParameterCount> parameterCounts() {
        SequenceTask task = gradientTask();
        return config.parsedKinds().stream().map(kind -> {
            ModelSpec spec = StudyModel.spec(kind, task, config.hiddenSize());
            Parameters analytic = Parameters.of(spec);
            return new ParameterCount(kind.id(), analytic.encoder(), analytic.head(),
                    Weights.initialise(spec, 1).parameterCount());
        }).toList();
    }

    /** The gradient flow is measured on recall (the adding problem where only it is studied). */
    private SequenceTask gradientTask() {
        return config.parsedTasks().contains(new RecallTask()) ? new RecallTask() : config.parsedTasks().getFirst();
    }

    private static boolean gated(ModelKind kind) {
        return kind == ModelKind.LSTM || kind == ModelKind.GRU;
    }

    private Piece initialGradient(SequenceTask task, ModelKind kind, GateInit init, String start) {
        int length = config.gradientLength();
        return new Piece("gradient", length, record -> record.gradients().stream()
                .anyMatch(gradient -> gradient.kind().equals(kind.id()) && gradient.start().equals(start)),
                record -> record.with(GradientRecord.of(GradientFlow.atInitialisation(trainer.support(), task,
                        StudyModel.spec(kind, task, config.hiddenSize()), length, config.gradientBatch(),
                        config.seedList(), config.threads(), init), start)),
                record -> "gradient flow of " + kind.id() + " at initialisation (" + init.id() + "), T=" + length
                        + ": rho " + rho(record, kind.id(), start));
    }

    private static String rho(StudyRecord record, String kind, String start) {
        return record.gradients().stream().filter(gradient -> gradient.kind().equals(kind)
                && gradient.start().equals(start)).findFirst().map(gradient -> {
                    try {
                        return String.format(java.util.Locale.ROOT, "%.3f", gradient.profile().fit().rho());
                    } catch (IllegalArgumentException e) {
                        return "not fitted (" + e.getMessage() + ")";
                    }
                }).orElse("?");
    }

    /** The rate the selection runs of a cell chose. */
    private static TrainingPlan chosen(StudyRecord record, List<TrainingPlan> selection) {
        List<TrainingResult> results = new ArrayList<>();
        for (TrainingPlan plan : selection) {
            record.trainings().stream().filter(training -> training.plan().equals(plan)).findFirst()
                    .ifPresent(training -> results.add(training.result()));
        }
        if (results.size() != selection.size()) {
            throw new IllegalStateException("the selection of " + selection.getFirst().kind().id() + " at T="
                    + selection.getFirst().length() + " is not finished");
        }
        double rate = GridSummary.of(results).getFirst().best().learningRate();
        return selection.stream().filter(plan -> plan.learningRate() == rate).findFirst().orElseThrow();
    }

    /**
     * A training; {@code resolve} gives its plan from the record (a confirmation's rate is the selection's choice).
     * The cost is the work of a forward and backward pass over the budget: linear in T, and for the Transformer
     * with attention's quadratic part besides.
     */
    private Piece training(TrainingPlan nominal, java.util.function.Function<StudyRecord, TrainingPlan> resolve) {
        double perStep = work(nominal.kind(), nominal.length());
        return new Piece("training/" + nominal.kind().id(), (double) nominal.budget() * perStep,
                record -> {
                    TrainingPlan plan;
                    try {
                        plan = resolve.apply(record);
                    } catch (IllegalStateException selectionNotFinished) {
                        return false;
                    }
                    return record.trainings().stream().anyMatch(training -> training.plan().equals(plan));
                },
                record -> {
                    TrainingPlan plan = resolve.apply(record);
                    TrainingOutcome outcome = TrainingRun.train(trainer.support(), plan);
                    List<Double> norms = null;
                    if (plan.task().equals(gradientTask()) && plan.length() == config.gradientLength()) {
                        norms = GradientFlow.measure(trainer.support(), plan.task(), plan.spec(), plan.length(),
                                config.gradientBatch(), Map.of(plan.seed(), outcome.trained()), config.threads())
                                .norms();
                    }
                    return record.with(TrainingRecord.of(outcome.result(), norms));
                },
                record -> {
                    TrainingRecord last = record.trainings().getLast();
                    return String.format(java.util.Locale.ROOT, "%s %s T=%d rate %s seed %d: %s %.3f%s",
                            last.task(), last.kind(), last.length(), last.learningRate(), last.seed(),
                            last.task().equals("recall") ? "accuracy" : "mse",
                            last.task().equals("recall") ? last.accuracy() : last.loss(),
                            last.diverged() ? " (diverged)" : "");
                });
    }

    /**
     * The relative work of one sequence's forward and backward pass: linear in T times the gate blocks for the
     * recurrent kinds (RNN 1, GRU 3, LSTM 4), and for the Transformer with attention's quadratic part besides.
     */
    private static double work(ModelKind kind, int length) {
        return switch (kind) {
            case RNN -> length;
            case GRU -> 3.0 * length;
            case LSTM -> 4.0 * length;
            case TRANSFORMER -> length * (1 + length / 8.0);
        };
    }

    private Piece crossCheck(Trainer other, ModelKind kind) {
        SequenceTask task = gradientTask();
        int length = config.lengths().stream().mapToInt(Integer::intValue).min().orElseThrow();
        int budget = Math.min(config.budget(), CROSS_CHECK_STEPS * config.batchSize());
        TrainingPlan plan = new TrainingPlan(task, kind, length, config.hiddenSize(), budget, config.batchSize(),
                config.learningRates().getFirst(), 1, config.testSize(), config.threads(), config.parsedGateInit());
        return new Piece("training/cross-check", 2.0 * budget * work(kind, length),
                record -> record.crossChecks().stream().anyMatch(check -> check.kind().equals(kind.id())),
                record -> record.with(crossCheck(plan, other)),
                record -> {
                    CrossCheck check = record.crossChecks().getLast();
                    return check.failure() != null
                            ? "cross-check of " + kind.id() + " on " + other.id() + ": " + check.failure()
                            : String.format(java.util.Locale.ROOT, "cross-check of %s on %s: input gradients"
                                    + " differ by %.1e, first losses by %.1e", kind.id(), other.id(),
                                    check.gradientDifference(), check.firstLossDifference());
                });
    }

    /** Optimizer steps of a cross-check: enough for the curves to show whether they stay together. */
    static final int CROSS_CHECK_STEPS = 50;

    private CrossCheck crossCheck(TrainingPlan plan, Trainer other) {
        if (!other.support().supportedKinds().contains(plan.kind())) {
            return new CrossCheck(plan.task().id(), plan.kind().id(), plan.length(), plan.budget(),
                    plan.learningRate(), plan.seed(), trainer.id(), other.id(), null, null, null, null, null,
                    other.id() + " cannot train " + plan.kind().id() + " (it trains "
                            + other.support().supportedKinds().stream().map(ModelKind::id).sorted().toList() + ")");
        }
        Dataset batch = plan.task().generate(config.gradientBatch(), plan.length(), plan.seed(), Split.TEST);
        Tensor reference = inputGradient(trainer.support(), plan, batch);
        TrainingResult referenceRun = TrainingRun.train(trainer.support(), plan).result();
        Tensor checked;
        TrainingResult otherRun;
        try {
            checked = inputGradient(other.support(), plan, batch);
            otherRun = TrainingRun.train(other.support(), plan).result();
        } catch (BackendException e) {
            // The backend checked failed, not the study: its row says so, and the study goes on.
            return new CrossCheck(plan.task().id(), plan.kind().id(), plan.length(), plan.budget(),
                    plan.learningRate(), plan.seed(), trainer.id(), other.id(), null, null, null,
                    referenceRun.metricValue(), null, other.id() + " failed: " + e.getMessage());
        }
        List<LossPoint> a = referenceRun.lossCurve();
        List<LossPoint> b = otherRun.lossCurve();
        double curve = 0;
        for (int point = 0; point < Math.min(a.size(), b.size()); point++) {
            curve = Math.max(curve, relative(a.get(point).loss(), b.get(point).loss()));
        }
        return new CrossCheck(plan.task().id(), plan.kind().id(), plan.length(), plan.budget(), plan.learningRate(),
                plan.seed(), trainer.id(), other.id(), normDifference(reference, checked),
                relative(a.getFirst().loss(), b.getFirst().loss()), curve, referenceRun.metricValue(),
                otherRun.metricValue(), null);
    }

    private Tensor inputGradient(TrainingSupport support, TrainingPlan plan, Dataset batch) {
        TrainingOptions options = new TrainingOptions(plan.task().loss(), TrainingOptions.Optimizer.ADAM,
                plan.learningRate(), plan.threads());
        try (TrainableModel model = support.create(plan.spec(), plan.initialWeights(), options)) {
            InputGradient gradient = model.inputGradient(batch.inputs(), batch.targets());
            return gradient.gradient();
        }
    }

    private static double relative(double a, double b) {
        double scale = Math.max(Math.abs(a), Math.abs(b));
        return scale == 0 ? 0 : Math.abs(a - b) / scale;
    }

    private static double normDifference(Tensor a, Tensor b) {
        double difference = 0;
        double norm = 0;
        for (int i = 0; i < a.size(); i++) {
            double delta = (double) a.data()[i] - b.data()[i];
            difference += delta * delta;
            norm += (double) a.data()[i] * a.data()[i];
        }
        return norm == 0 ? Math.sqrt(difference) : Math.sqrt(difference / norm);
    }

    private Piece memory(String backend, ModelKind kind, int length) {
        // Only a measured point is done: a failed one (a timeout, an engine gone) is tried again on resume.
        return new Piece("memory", 1, record -> record.memory().stream().anyMatch(point -> point.backend()
                .equals(backend) && point.kind().equals(kind.id()) && point.length() == length
                && point.measured()),
                record -> record.withMemory(memoryProbe.measure(backend, kind, length, config.memoryBatch(),
                        config.hiddenSize())),
                record -> {
                    ForwardMemory point = record.memory().getLast();
                    return "memory of " + backend + " " + kind.id() + " T=" + length + ": " + (point.measured()
                            ? String.format(java.util.Locale.ROOT, "%.1f MB resident", point.residentBytes() / 1e6)
                            : point.failure());
                });
    }
}
