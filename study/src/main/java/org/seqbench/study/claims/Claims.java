package org.seqbench.study.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.ParameterCount;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudySummary;
import org.seqbench.study.StudySummary.Learning;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.gradient.RhoFit;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.memory.MemoryGrowth;
import org.seqbench.study.task.AddingTask;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.BestRate;
import org.seqbench.study.training.StudyModel;

/**
 * The claims table: each claim of the usual comparison with the measured evidence and a verdict that never reaches
 * past what was measured. The rules, per claim, are in the methods' comments; each verdict states its conditions.
 */
public final class Claims {
    /** Steps the usual illustration of vanishing and exploding gradients compounds over. */
    public static final int ILLUSTRATION_STEPS = 100;
    /** "A few hundred steps": the shortest length at which the gated kinds must learn for the claim to hold fully. */
    public static final int FEW_HUNDRED = 200;
    /** "Beyond about 1000 steps". */
    public static final int ABOUT_THOUSAND = 1000;
    /** Thread speedups within this factor of each other count as the same: two cores scale noisily. */
    public static final double SAME_SPEEDUP = 1.10;
    /** Over {@link #ILLUSTRATION_STEPS} steps, a gradient below this share of its start has vanished. */
    public static final double VANISHED = 1e-3;

    private static final RecallTask RECALL = new RecallTask();
    private static final AddingTask ADDING = new AddingTask();

    private final StudySummary summary;
    private final StudyConfig config;
    private final Optional<ParallelismEvidence> parallel;
    private final String conditions;

    private Claims(StudySummary summary, Optional<ParallelismEvidence> parallel) {
        this.summary = summary;
        this.config = summary.record().config();
        this.parallel = parallel;
        this.conditions = String.format(Locale.ROOT, "trained on %s on %s; one layer, hidden %d, %s training"
                        + " sequences in batches of %d, Adam at the best of %s (chosen on seed 1), %d seed%s, gate"
                        + " init %s; lengths %s", summary.record().trainer(), summary.record().machine(),
                config.hiddenSize(), String.format(Locale.ROOT, "%,d", config.budget()), config.batchSize(),
                config.learningRates(), config.seeds(), config.seeds() == 1 ? "" : "s", config.gateInit(),
                config.lengths());
    }

    /** Every claim, in the order of the issue that asked for them. */
    public static List<Claim> of(StudySummary summary, Optional<ParallelismEvidence> parallel) {
        Claims claims = new Claims(summary, parallel);
        return List.of(claims.rnnGradients(), claims.gatesMitigate(), claims.gruLeaner(), claims.parallelism(),
                claims.attention(), claims.preference());
    }

    // ---------------------------------------------------------------- 1. the plain RNN

    /**
     * Holds when the RNN's gradient shrinks (rho's interval below 1) or grows (above 1) per step and the RNN learns
     * recall at a shorter length but not at the longest; partly when only one half shows; does not hold when the
     * RNN learns at the longest length with a gradient that neither vanishes nor explodes.
     */
    private Claim rnnGradients() {
        String statement = "A plain RNN fails on long sequences because its gradients vanish or explode across steps"
                + " (1.1^100 ~ 13780, 0.9^100 ~ 0.003).";
        List<String> evidence = new ArrayList<>();
        evidence.add(String.format(Locale.ROOT, "Arithmetic: 1.1^100 = %.1f, as stated; 0.9^100 = %.2e, not 0.003"
                + " (0.003 is about 0.9^%d).", Math.pow(1.1, 100), Math.pow(0.9, 100),
                Math.round(Math.log(0.003) / Math.log(0.9))));
        if (!config.parsedKinds().contains(ModelKind.RNN)) {
            return new Claim("rnn-gradients", statement, Verdict.NOT_MEASURABLE, evidence, conditions,
                    "#study-gradient");
        }
        Optional<RhoFit> initial = fit(summary.initial(ModelKind.RNN, GradientRecord.PYTORCH));
        Optional<RhoFit> trained = fit(summary.trained(ModelKind.RNN));
        initial.ifPresent(rho -> evidence.add("RNN at initialisation: " + rhoWords(rho)));
        trained.ifPresent(rho -> evidence.add("RNN after training: " + rhoWords(rho)));
        boolean vanishesOrExplodes = initial.map(rho -> vanishes(rho) || explodes(rho)).orElse(false)
                && trained.map(rho -> vanishes(rho) || explodes(rho)).orElse(true);
        List<BestRate> rnn = bestByLength(RECALL, ModelKind.RNN);
        evidence.add("RNN recall accuracy by length: " + scores(RECALL, rnn));
        List<BestRate> rnnAdding = bestByLength(ADDING, ModelKind.RNN);
        if (!rnnAdding.isEmpty()) {
            evidence.add("RNN adding-problem error by length: " + scores(ADDING, rnnAdding));
        }
        if (rnn.isEmpty() || initial.isEmpty()) {
            return new Claim("rnn-gradients", statement, Verdict.NOT_MEASURABLE, evidence, conditions,
                    "#study-gradient");
        }
        boolean failsLongest = learning(RECALL, rnn.getLast()) != Learning.LEARNED;
        boolean learnsShorter = rnn.stream().limit(rnn.size() - 1L)
                .anyMatch(best -> learning(RECALL, best) == Learning.LEARNED);
        Verdict verdict;
        if (vanishesOrExplodes && failsLongest && learnsShorter) {
            verdict = Verdict.HOLDS;
        } else if (!failsLongest && !vanishesOrExplodes) {
            verdict = Verdict.DOES_NOT_HOLD;
        } else {
            verdict = Verdict.HOLDS_PARTLY;
            if (failsLongest && !learnsShorter) {
                evidence.add("The RNN learned recall at no measured length, so its failure at the longest cannot be"
                        + " told apart from the budget being too small for it.");
            }
        }
        return new Claim("rnn-gradients", statement, verdict, evidence, conditions, "#study-gradient");
    }

    // ---------------------------------------------------------------- 2. the gates

    /**
     * Holds when LSTM and GRU both learn a task (recall or the adding problem) at a length of at least
     * {@link #FEW_HUNDRED} where the RNN does not; partly when some gated kind learns a task at some length where
     * the RNN does not; does not hold when neither does anywhere; not measurable without the RNN.
     */
    private Claim gatesMitigate() {
        String statement = "LSTM and GRU mitigate this with gates and handle sequences of a few hundred steps.";
        List<String> evidence = new ArrayList<>();
        List<ModelKind> gated = config.parsedKinds().stream()
                .filter(kind -> kind == ModelKind.LSTM || kind == ModelKind.GRU).toList();
        if (gated.isEmpty()) {
            return new Claim("gates", statement, Verdict.NOT_MEASURABLE, List.of("No gated kind was studied."),
                    conditions, "#study-accuracy");
        }
        List<Integer> lengths = config.lengths();
        List<SequenceTask> tasks = List.<SequenceTask>of(RECALL, ADDING).stream()
                .filter(task -> !bestByLength(task, ModelKind.RNN).isEmpty()).toList();
        if (tasks.isEmpty()) {
            evidence.add("The RNN was not trained, so there is nothing the gates could be shown to mitigate.");
            return new Claim("gates", statement, Verdict.NOT_MEASURABLE, evidence, conditions, "#study-accuracy");
        }
        int beyondRnn = 0;
        int fewHundredBeyondRnn = 0;
        for (ModelKind kind : gated) {
            boolean anyBeyond = false;
            boolean atFewHundred = false;
            for (SequenceTask task : tasks) {
                List<BestRate> scores = bestByLength(task, kind);
                if (scores.isEmpty()) {
                    continue;
                }
                evidence.add(kind.id().toUpperCase(Locale.ROOT) + " " + (task == RECALL ? "recall accuracy"
                        : "adding-problem error") + " by length: " + scores(task, scores));
                for (BestRate best : scores) {
                    boolean learned = learning(task, best) == Learning.LEARNED;
                    Optional<BestRate> rnn = summary.best(task, ModelKind.RNN, best.length());
                    boolean rnnFails = rnn.map(r -> learning(task, r) != Learning.LEARNED).orElse(false);
                    if (learned && rnnFails) {
                        anyBeyond = true;
                        atFewHundred |= best.length() >= FEW_HUNDRED;
                    }
                }
            }
            beyondRnn += anyBeyond ? 1 : 0;
            fewHundredBeyondRnn += atFewHundred ? 1 : 0;
            Optional<RhoFit> pytorch = fit(summary.initial(kind, GradientRecord.PYTORCH));
            Optional<RhoFit> memory = fit(summary.initial(kind, GradientRecord.MEMORY));
            pytorch.ifPresent(rho -> evidence.add(kind.id().toUpperCase(Locale.ROOT) + " at PyTorch's"
                    + " initialisation: " + rhoWords(rho)));
            memory.ifPresent(rho -> evidence.add(kind.id().toUpperCase(Locale.ROOT) + " with gates started to keep"
                    + " the state for T steps: " + rhoWords(rho)));
            fit(summary.trained(kind)).ifPresent(rho -> evidence.add(kind.id().toUpperCase(Locale.ROOT)
                    + " after training: " + rhoWords(rho)));
        }
        int longest = lengths.stream().mapToInt(Integer::intValue).max().orElse(0);
        // Holds: both gated kinds learn at a few hundred steps where the RNN does not. Partly: some gated kind
        // learns somewhere the RNN does not. Does not hold: nowhere.
        Verdict verdict = gated.size() == 2 && fewHundredBeyondRnn == 2 ? Verdict.HOLDS
                : beyondRnn > 0 ? Verdict.HOLDS_PARTLY : Verdict.DOES_NOT_HOLD;
        if (longest < FEW_HUNDRED) {
            evidence.add("No length of a few hundred steps was trained (longest " + longest + ").");
        }
        if (config.parsedGateInit() != org.seqbench.study.training.GateInit.PYTORCH) {
            evidence.add("The gated kinds trained from gate biases that keep the state for about T steps (--gate-init"
                    + " memory); at PyTorch's start their gradient decays like the RNN's (rho above).");
        }
        return new Claim("gates", statement, verdict, evidence, conditions, "#study-accuracy");
    }

    // ---------------------------------------------------------------- 3. GRU against LSTM

    /**
     * The parameter half holds when the GRU's count is 20% to 40% below the LSTM's; the efficiency half holds when
     * the GRU trains and runs faster than the LSTM wherever both were timed. Both: holds; only the count: partly.
     */
    private Claim gruLeaner() {
        String statement = "GRU needs about 30% fewer parameters than LSTM and is more efficient.";
        List<String> evidence = new ArrayList<>();
        Optional<ParameterCount> lstm = count(ModelKind.LSTM);
        Optional<ParameterCount> gru = count(ModelKind.GRU);
        if (lstm.isEmpty() || gru.isEmpty()) {
            return new Claim("gru-lean", statement, Verdict.NOT_MEASURABLE, List.of("GRU and LSTM were not both"
                    + " studied."), conditions, "#study-parameters");
        }
        double recurrent = 1 - (double) gru.get().encoder() / lstm.get().encoder();
        double whole = 1 - (double) gru.get().analytic() / lstm.get().analytic();
        evidence.add(String.format(Locale.ROOT, "Parameters at hidden %d: GRU %,d, LSTM %,d; the recurrent layers"
                + " %.0f%% fewer (3 gate blocks against 4, exactly 25%% at any size), the whole models %.1f%% fewer"
                + " (the head is the same).", config.hiddenSize(), gru.get().analytic(), lstm.get().analytic(),
                100 * recurrent, 100 * whole));
        boolean fewer = whole >= 0.20 && whole <= 0.40;
        int faster = 0;
        int compared = 0;
        List<String> timings = new ArrayList<>();
        for (int length : config.lengths()) {
            OptionalDouble g = summary.secondsPerSequence(ModelKind.GRU, length);
            OptionalDouble l = summary.secondsPerSequence(ModelKind.LSTM, length);
            if (g.isPresent() && l.isPresent()) {
                compared++;
                faster += g.getAsDouble() < l.getAsDouble() ? 1 : 0;
                timings.add(String.format(Locale.ROOT, "T=%d %.2fx", length, g.getAsDouble() / l.getAsDouble()));
            }
        }
        if (!timings.isEmpty()) {
            evidence.add("Training time per sequence, GRU over LSTM, on " + summary.record().trainer() + ": "
                    + String.join(", ", timings) + ".");
        }
        List<String> inference = new ArrayList<>();
        parallel.ifPresent(run -> {
            for (ParallelismEvidence.Latency g : run.latencies()) {
                if (!g.kind().equals("gru")) {
                    continue;
                }
                run.latencies().stream().filter(l -> l.kind().equals("lstm") && l.backend().equals(g.backend())
                        && l.seq() == g.seq()).findFirst().ifPresent(l -> inference.add(String.format(Locale.ROOT,
                        "%s T=%d %.2fx", g.backend(), g.seq(), g.milliseconds() / l.milliseconds())));
            }
        });
        int inferenceFaster = (int) inference.stream().filter(text -> ratioOf(text) < 1).count();
        if (!inference.isEmpty()) {
            evidence.add("Inference latency, GRU over LSTM, in run " + parallel.get().runId() + ": "
                    + String.join(", ", inference) + ".");
        }
        compared += inference.size();
        faster += inferenceFaster;
        Verdict verdict;
        if (!fewer) {
            verdict = Verdict.DOES_NOT_HOLD;
        } else if (compared > 0 && faster == compared) {
            verdict = Verdict.HOLDS;
        } else {
            verdict = Verdict.HOLDS_PARTLY;
            evidence.add(compared == 0 ? "No timing of both was measured, so efficiency is not shown."
                    : "The GRU was faster in " + faster + " of " + compared + " timed comparisons.");
        }
        return new Claim("gru-lean", statement, verdict, evidence, conditions, "#study-parameters");
    }

    private static double ratioOf(String text) {
        String figure = text.substring(text.lastIndexOf(' ') + 1, text.length() - 1);
        return Double.parseDouble(figure);
    }

    // ---------------------------------------------------------------- 4. parallelism

    /**
     * Needs a benchmark run with more than one thread count. Holds when on every backend the Transformer's thread
     * speedup exceeds every recurrent kind's by more than {@link #SAME_SPEEDUP}; partly when on some; does not hold
     * when on none.
     */
    private Claim parallelism() {
        String statement = "Recurrent models cannot be parallelised over time; the Transformer is fully parallel.";
        if (parallel.isEmpty() || parallel.get().threadScaling().isEmpty()) {
            return new Claim("parallel", statement, Verdict.NOT_MEASURABLE, List.of("Needs a benchmark run that"
                    + " measured more than one thread count (seqbench run --profile standard), given to the study"
                    + " with --run RUN_DIR."), conditions, "#threads");
        }
        ParallelismEvidence run = parallel.get();
        List<String> evidence = new ArrayList<>();
        List<String> backends = run.threadScaling().stream().map(ParallelismEvidence.Scaling::backend).distinct()
                .toList();
        int holding = 0;
        int judged = 0;
        for (String backend : backends) {
            List<ParallelismEvidence.Scaling> scalings = run.threadScaling().stream()
                    .filter(scaling -> scaling.backend().equals(backend)).toList();
            evidence.add("Thread speedup on " + backend + ": " + scalings.stream().map(scaling -> String.format(
                    Locale.ROOT, "%s %.2fx (%d to %d threads, T=%d)", scaling.kind(), scaling.factor(),
                    scaling.from(), scaling.to(), scaling.seq())).collect(Collectors.joining(", ")) + ".");
            Optional<ParallelismEvidence.Scaling> transformer = scalings.stream()
                    .filter(scaling -> scaling.kind().equals("transformer")).findFirst();
            List<ParallelismEvidence.Scaling> recurrent = scalings.stream()
                    .filter(scaling -> !scaling.kind().equals("transformer")).toList();
            if (transformer.isEmpty() || recurrent.isEmpty()) {
                continue;
            }
            judged++;
            if (recurrent.stream().allMatch(r -> transformer.get().factor() > r.factor() * SAME_SPEEDUP)) {
                holding++;
            }
        }
        run.batchScaling().stream().map(scaling -> String.format(Locale.ROOT, "%s %s %.1fx from batch %d to %d",
                scaling.backend(), scaling.kind(), scaling.factor(), scaling.from(), scaling.to()))
                .reduce((a, b) -> a + ", " + b).ifPresent(text -> evidence.add("Throughput gain from batching: " + text
                        + " (a recurrent model parallelises over the batch instead)."));
        evidence.add(run.gpuBackends().isEmpty() ? "No GPU backend ran in run " + run.runId() + "."
                : "GPU backends in run " + run.runId() + ": " + String.join(", ", run.gpuBackends()) + ".");
        Verdict verdict = judged == 0 ? Verdict.NOT_MEASURABLE
                : holding == judged ? Verdict.HOLDS : holding > 0 ? Verdict.HOLDS_PARTLY : Verdict.DOES_NOT_HOLD;
        return new Claim("parallel", statement, verdict, evidence, "run " + run.runId() + " on " + run.machine()
                + ": inference latency, 1 thread against the most threads measured", "#threads");
    }

    // ---------------------------------------------------------------- 5. attention

    /**
     * The distance half holds when the Transformer learns recall at every trained length; the cost half when every
     * backend's memory fit has a quadratic term whose interval lies above zero (or, in a benchmark run, the latency
     * grows faster than linearly, exponent above 1.2). Both: holds; one: partly; neither: does not hold.
     */
    private Claim attention() {
        String statement = "Self-attention captures dependencies at any distance, and its cost grows quadratically"
                + " with length.";
        if (!config.parsedKinds().contains(ModelKind.TRANSFORMER)) {
            return new Claim("attention", statement, Verdict.NOT_MEASURABLE, List.of("The Transformer was not"
                    + " studied."), conditions, "#study-memory");
        }
        List<String> evidence = new ArrayList<>();
        List<BestRate> recall = bestByLength(RECALL, ModelKind.TRANSFORMER);
        evidence.add("Transformer recall accuracy by length: " + scores(RECALL, recall));
        List<BestRate> adding = bestByLength(ADDING, ModelKind.TRANSFORMER);
        if (!adding.isEmpty()) {
            evidence.add("Transformer adding-problem error by length: " + scores(ADDING, adding));
        }
        boolean anyDistance = !recall.isEmpty()
                && recall.stream().allMatch(best -> learning(RECALL, best) == Learning.LEARNED);
        List<MemoryGrowth> fits = summary.memoryGrowth().stream()
                .filter(fit -> fit.kind().equals("transformer")).toList();
        int heads = StudyModel.HEADS;
        for (MemoryGrowth fit : fits) {
            double analytic = MemoryGrowth.attentionBytes(config.memoryBatch(), heads, 1);
            evidence.add(String.format(Locale.ROOT, "Memory of one forward pass on %s: quadratic term %.0f bytes/T^2"
                    + " (95%% interval %s to %s; one float32 score matrix per head and sequence is %.0f), %.0f%% of the"
                    + " fitted %.1f MB at T=%d.", fit.backend(), fit.quadratic(), bound(fit.quadraticLow()),
                    bound(fit.quadraticHigh()), analytic, 100 * fit.quadraticShare(),
                    fit.predicted(fit.largestLength()) / 1e6, fit.largestLength()));
        }
        boolean quadraticMemory = !fits.isEmpty() && fits.stream().allMatch(fit -> fit.quadraticLow() > 0);
        boolean quadraticLatency = false;
        if (parallel.isPresent()) {
            List<ParallelismEvidence.Scaling> lengths = parallel.get().lengthScaling().stream()
                    .filter(scaling -> scaling.kind().equals("transformer")).toList();
            lengths.stream().map(scaling -> String.format(Locale.ROOT, "%s T^%.2f (T=%d to %d)", scaling.backend(),
                    scaling.factor(), scaling.from(), scaling.to())).reduce((a, b) -> a + ", " + b)
                    .ifPresent(text -> evidence.add("Transformer latency against length in run "
                            + parallel.get().runId() + ": " + text + "."));
            quadraticLatency = !lengths.isEmpty() && lengths.stream().allMatch(scaling -> scaling.factor() > 1.2);
        }
        boolean cost = quadraticMemory || quadraticLatency;
        if (fits.isEmpty() && !quadraticLatency) {
            evidence.add("Memory fits need at least " + MemoryGrowth.MIN_LENGTHS + " measured lengths per backend.");
        }
        Verdict verdict = recall.isEmpty() ? Verdict.NOT_MEASURABLE
                : anyDistance && cost ? Verdict.HOLDS : anyDistance || cost ? Verdict.HOLDS_PARTLY
                        : Verdict.DOES_NOT_HOLD;
        return new Claim("attention", statement, verdict, evidence, conditions + "; memory: one forward pass at batch "
                + config.memoryBatch() + " in a fresh JVM, lengths " + config.memoryLengths(), "#study-memory");
    }

    // ---------------------------------------------------------------- 6. what to prefer

    /**
     * Three parts: the Transformer learns at a trained length of about {@link #ABOUT_THOUSAND} where LSTM and GRU do
     * not (not measurable unless such a length was trained); LSTM/GRU need less memory than the Transformer at the
     * longest measured pass on every backend; LSTM/GRU halve their training loss with fewer sequences than the
     * Transformer (the data half). All measured parts hold: holds; some: partly.
     */
    private Claim preference() {
        String statement = "Prefer the Transformer beyond about 1000 steps; prefer LSTM/GRU when memory is tight or"
                + " data is small.";
        List<String> evidence = new ArrayList<>();
        int longest = config.lengths().stream().mapToInt(Integer::intValue).max().orElse(0);
        Boolean beyond = null;
        Optional<BestRate> transformerLongest = summary.best(RECALL, ModelKind.TRANSFORMER, longest);
        List<BestRate> gatedLongest = List.of(ModelKind.LSTM, ModelKind.GRU).stream()
                .flatMap(kind -> summary.best(RECALL, kind, longest).stream()).toList();
        if (longest >= ABOUT_THOUSAND * 4 / 5 && transformerLongest.isPresent() && !gatedLongest.isEmpty()) {
            boolean gatedFail = gatedLongest.stream().allMatch(best -> learning(RECALL, best) != Learning.LEARNED);
            beyond = learning(RECALL, transformerLongest.get()) == Learning.LEARNED && gatedFail;
            String gatedNames = gatedLongest.stream().map(best -> best.kind().id()).collect(Collectors.joining(
                    " and "));
            evidence.add("At T=" + longest + " the Transformer " + (beyond ? "learned recall where " + gatedNames
                    + " did not." : "did not learn recall where " + gatedNames + " failed."));
        } else if (longest >= ABOUT_THOUSAND * 4 / 5) {
            evidence.add("At T=" + longest + " recall was not trained for both the Transformer and a gated kind.");
        } else {
            evidence.add("Training was measured up to T=" + longest + " only; about 1000 steps needs --profile full"
                    + " or --seq 1024.");
        }
        Boolean memoryTight = null;
        int memoryLongest = config.memoryLengths().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<String> ratios = new ArrayList<>();
        int smaller = 0;
        for (String backend : summary.memoryBackends()) {
            Optional<ForwardMemory> transformer = summary.memory(backend, ModelKind.TRANSFORMER, memoryLongest);
            for (ModelKind kind : List.of(ModelKind.LSTM, ModelKind.GRU)) {
                Optional<ForwardMemory> recurrent = summary.memory(backend, kind, memoryLongest);
                if (transformer.isPresent() && recurrent.isPresent()) {
                    double ratio = (double) transformer.get().residentBytes()
                            / Math.max(1, recurrent.get().residentBytes());
                    ratios.add(String.format(Locale.ROOT, "%s %s %.1f MB against %.1f MB (%.1fx)", backend, kind.id(),
                            transformer.get().residentBytes() / 1e6, recurrent.get().residentBytes() / 1e6, ratio));
                    smaller += recurrent.get().residentBytes() < transformer.get().residentBytes() ? 1 : 0;
                }
            }
        }
        if (!ratios.isEmpty()) {
            memoryTight = smaller == ratios.size();
            evidence.add("Peak memory of one forward pass at T=" + memoryLongest + ", Transformer against the gated"
                    + " kinds: " + String.join("; ", ratios) + ".");
        }
        Boolean smallData = null;
        List<String> data = new ArrayList<>();
        int fewer = 0;
        int dataCompared = 0;
        for (int length : config.lengths()) {
            OptionalDouble transformer = summary.sequencesToHalveLoss(RECALL, ModelKind.TRANSFORMER, length);
            for (ModelKind kind : List.of(ModelKind.LSTM, ModelKind.GRU)) {
                OptionalDouble recurrent = summary.sequencesToHalveLoss(RECALL, kind, length);
                if (transformer.isPresent() && recurrent.isPresent()) {
                    dataCompared++;
                    fewer += recurrent.getAsDouble() < transformer.getAsDouble() ? 1 : 0;
                    data.add(String.format(Locale.ROOT, "T=%d %s %,.0f against %,.0f", length, kind.id(),
                            recurrent.getAsDouble(), transformer.getAsDouble()));
                }
            }
        }
        if (dataCompared > 0) {
            smallData = fewer == dataCompared;
            evidence.add("Training sequences until the recall loss halved, gated kind against the Transformer: "
                    + String.join("; ", data) + ".");
        } else {
            evidence.add("No length where both the Transformer and a gated kind halved their recall loss, so the"
                    + " small-data half is not measured.");
        }
        List<Boolean> parts = new ArrayList<>();
        for (Boolean part : new Boolean[] {beyond, memoryTight, smallData}) {
            if (part != null) {
                parts.add(part);
            }
        }
        Verdict verdict = parts.isEmpty() ? Verdict.NOT_MEASURABLE
                : parts.size() == 3 && parts.stream().allMatch(Boolean::booleanValue) ? Verdict.HOLDS
                        : parts.stream().anyMatch(Boolean::booleanValue) ? Verdict.HOLDS_PARTLY
                                : Verdict.DOES_NOT_HOLD;
        return new Claim("preference", statement, verdict, evidence, conditions, "#study-memory");
    }

    // ---------------------------------------------------------------- helpers

    private List<BestRate> bestByLength(SequenceTask task, ModelKind kind) {
        return summary.accuracy(task).stream().filter(best -> best.kind() == kind)
                .sorted(java.util.Comparator.comparingInt(BestRate::length)).toList();
    }

    private static Learning learning(SequenceTask task, BestRate best) {
        return StudySummary.learning(task, best.best().score().mean());
    }

    private static String scores(SequenceTask task, List<BestRate> scores) {
        if (scores.isEmpty()) {
            return "not trained.";
        }
        return scores.stream().map(best -> String.format(Locale.ROOT, "T=%d %s (%s)", best.length(),
                task.metric() == org.seqbench.study.task.Metric.ACCURACY
                        ? String.format(Locale.ROOT, "%.2f", best.best().score().mean())
                        : String.format(Locale.ROOT, "%.3f", best.best().score().mean()),
                StudySummary.learning(task, best.best().score().mean()).words()))
                .collect(Collectors.joining(", ")) + String.format(Locale.ROOT, "; %s %.3f.",
                        task.metric() == org.seqbench.study.task.Metric.ACCURACY ? "chance" : "predicting the mean",
                        task.baseline());
    }

    private Optional<ParameterCount> count(ModelKind kind) {
        return summary.record().parameters().stream().filter(count -> count.kind().equals(kind.id())).findFirst();
    }

    private static Optional<RhoFit> fit(Optional<GradientProfile> profile) {
        try {
            return profile.map(GradientProfile::fit);
        } catch (IllegalArgumentException tooFewPoints) {
            return Optional.empty();
        }
    }

    private static String rhoWords(RhoFit rho) {
        return String.format(Locale.ROOT, "rho %.3f per step (95%% interval %.3f to %.3f, R^2 %.2f), rho^%d = %.2e",
                rho.rho(), rho.lower(), rho.upper(), rho.rSquared(), ILLUSTRATION_STEPS,
                rho.over(ILLUSTRATION_STEPS)) + ": " + trend(rho) + ".";
    }

    /**
     * How the gradient changes over {@link #ILLUSTRATION_STEPS} steps: it vanishes when it falls below a thousandth
     * there, explodes when it grows more than a thousandfold, and otherwise only decays or grows slowly (or, with an
     * interval that holds 1, neither).
     */
    static String trend(RhoFit rho) {
        if (vanishes(rho)) {
            return "the gradient vanishes";
        }
        if (explodes(rho)) {
            return "the gradient explodes";
        }
        return rho.upper() < 1 ? "the gradient decays slowly" : rho.lower() > 1 ? "the gradient grows slowly"
                : "the gradient neither vanishes nor explodes";
    }

    private static boolean vanishes(RhoFit rho) {
        return rho.upper() < 1 && rho.upperOver(ILLUSTRATION_STEPS) < VANISHED;
    }

    private static boolean explodes(RhoFit rho) {
        return rho.lower() > 1 && rho.lowerOver(ILLUSTRATION_STEPS) > 1 / VANISHED;
    }

    private static String bound(double value) {
        return Double.isInfinite(value) ? (value < 0 ? "-inf" : "+inf") : String.format(Locale.ROOT, "%.0f", value);
    }
}
