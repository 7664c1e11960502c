package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Numbers;
import org.seqbench.study.CrossCheck;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.ParameterCount;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.StudySummary;
import org.seqbench.study.TrainingRecord;
import org.seqbench.study.claims.Claim;
import org.seqbench.study.claims.Claims;
import org.seqbench.study.claims.ParallelismEvidence;
import org.seqbench.study.claims.Verdict;
import org.seqbench.study.gradient.GradientProfile;
import org.seqbench.study.gradient.RhoFit;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.memory.MemoryGrowth;
import org.seqbench.study.task.AddingTask;
import org.seqbench.study.task.Metric;
import org.seqbench.study.task.SequenceTask;
import org.seqbench.study.training.BestRate;
import org.seqbench.study.training.RateScore;
import org.seqbench.study.training.Spread;
import org.seqbench.study.training.StudyModel;

/**
 * report.html's part for an accuracy study ({@link StudyRecord}): the claims table, then per question its charts
 * and the tables with every figure behind them. Every number comes from the record (through {@link StudySummary}
 * and {@link Claims}); every text of it is escaped.
 */
final class StudySections {
    /** The anchors of the sections, in page order, with their nav labels. */
    static final List<String[]> NAV = List.of(new String[] {"study-claims", "Claims"},
            new String[] {"study-accuracy", "Long-range memory"}, new String[] {"study-gradient", "Gradient flow"},
            new String[] {"study-memory", "Forward memory"}, new String[] {"study-parameters", "Parameters"},
            new String[] {"study-crosscheck", "Cross-check"}, new String[] {"study-setup", "Study setup"});

    /** Steps the gradient table compounds rho over, as the claims do. */
    private static final int STEPS = Claims.ILLUSTRATION_STEPS;
    private static final String LENGTH_AXIS = "sequence length T";

    /**
     * The study's sections and the charts they hold.
     *
     * @param nav the nav bar's links to the sections, HTML
     * @param html the sections, HTML
     * @param charts the chart specs the sections' containers name
     */
    record Rendered(String nav, String html, List<ChartSpec> charts) {
    }

    private final StudyRecord record;
    private final StudyConfig config;
    private final StudySummary summary;
    private final Optional<ParallelismEvidence> parallel;
    private final Set<String> pageAnchors;
    /** One colour per kind in every study chart, in the config's order. */
    private final Palette kindColours = new Palette();
    private final List<ChartSpec> charts = new ArrayList<>();

    private StudySections(StudyRecord record, Optional<ParallelismEvidence> parallel, Set<String> pageAnchors) {
        this.record = record;
        this.config = record.config();
        this.summary = new StudySummary(record);
        this.parallel = parallel;
        this.pageAnchors = pageAnchors;
        config.kinds().forEach(kindColours::colour);
    }

    /**
     * @param parallel the benchmark runs' evidence for the claims a study alone cannot check
     * @param otherAnchors the anchors of the page's other sections (a claim's link to one that is not on the page
     *     is shown as text)
     */
    static Rendered of(StudyRecord record, Optional<ParallelismEvidence> parallel, Set<String> otherAnchors) {
        Set<String> anchors = new TreeSet<>(otherAnchors);
        NAV.forEach(entry -> anchors.add(entry[0]));
        StudySections sections = new StudySections(record, parallel, anchors);
        String html = sections.claims() + sections.accuracy() + sections.gradient() + sections.memory()
                + sections.parameters() + sections.crossCheck() + sections.setup();
        String nav = NAV.stream().map(entry -> "<a href=\"#" + entry[0] + "\">" + Html.escape(entry[1]) + "</a>")
                .collect(Collectors.joining());
        return new Rendered(nav, html, List.copyOf(sections.charts));
    }

    /** One line on the study for the page's header. */
    static String overview(StudyRecord record) {
        return "Study " + record.studyId() + ": profile " + record.config().profile() + ", trained on "
                + record.trainer() + " on " + record.machine() + ", started " + record.started()
                + (record.finished() == null ? ", not finished" : ", finished " + record.finished()) + "; "
                + record.trainings().size() + " trainings, " + record.gradients().size() + " gradient profiles at "
                + "initialisation, " + record.memory().size() + " forward-memory points, " + record.crossChecks().size()
                + " cross-checks.";
    }

    // ------------------------------------------------------------------------------------------------ claims

    private String claims() {
        List<Claim> claims = Claims.of(summary, parallel);
        String note = "Each claim of the usual RNN / LSTM / GRU / Transformer comparison, checked against what this "
                + "study measured" + parallel.map(run -> " and what run " + run.runId() + " measured").orElse("")
                + ". A verdict says nothing beyond its conditions.";
        return "<section id=\"study-claims\"><h2>Claims checked by measurement</h2>\n<p class=\"note\">"
                + Html.escape(note) + "</p>\n" + claimsTable(claims, pageAnchors) + "</section>\n";
    }

    /** The claims, a row each, its row's anchor the claim's id; links to anchors not on the page are plain text. */
    static String claimsTable(List<Claim> claims, Set<String> anchors) {
        StringBuilder out = new StringBuilder("<div class=\"table-wrap\"><table class=\"claims\"><thead><tr>"
                + "<th class=\"wrap\">claim</th><th>verdict</th><th class=\"wrap\">evidence</th>"
                + "<th class=\"wrap\">conditions</th><th>shown in</th></tr></thead><tbody>\n");
        for (Claim claim : claims) {
            out.append("<tr id=\"").append(Html.escape(claim.id())).append("\"><td class=\"wrap\">")
                    .append(Html.escape(claim.statement())).append("</td><td>").append(badge(claim.verdict()))
                    .append("</td><td class=\"wrap\"><ul class=\"evidence\">");
            claim.evidence().forEach(sentence -> out.append("<li>").append(Html.escape(sentence)).append("</li>"));
            out.append("</ul></td><td class=\"wrap\">").append(Html.escape(claim.conditions())).append("</td><td>");
            String anchor = claim.link().startsWith("#") ? claim.link().substring(1) : claim.link();
            if (anchors.contains(anchor)) {
                out.append("<a href=\"#").append(Html.escape(anchor)).append("\">").append(Html.escape(claim.link()))
                        .append("</a>");
            } else {
                out.append(Html.escape(claim.link() + " (in a benchmark run's report)"));
            }
            out.append("</td></tr>\n");
        }
        return out.append("</tbody></table></div>\n").toString();
    }

    /** The verdict as a badge whose class names it: {@code verdict-holds}, {@code verdict-holds-partly}, ... */
    static String badge(Verdict verdict) {
        return "<span class=\"claim-verdict verdict-" + verdict.name().toLowerCase(Locale.ROOT).replace('_', '-')
                + "\">" + Html.escape(verdict.words()) + "</span>";
    }

    // ------------------------------------------------------------------------------------------------ accuracy

    private String accuracy() {
        List<ChartSpec> taskCharts = new ArrayList<>();
        StringBuilder tables = new StringBuilder();
        for (SequenceTask task : config.parsedTasks()) {
            List<BestRate> best = summary.accuracy(task);
            if (best.isEmpty()) {
                tables.append("<h3>").append(Html.escape(taskName(task))).append("</h3>\n<p>No training of ")
                        .append(Html.escape(task.id())).append(" has finished yet.</p>\n");
                continue;
            }
            taskCharts.add(accuracyChart(task, best));
            tables.append("<h3>").append(Html.escape(taskName(task) + ": " + metricName(task))).append("</h3>\n")
                    .append(accuracyTable(task, best));
        }
        charts.addAll(taskCharts);
        String note = String.format(Locale.ROOT, "Each kind trained on %s on %s: one layer, hidden %d, %,d training "
                        + "sequences in batches of %d, Adam at each rate of the grid %s on seed 1, the best confirmed "
                        + "on %d seed%s in all; %,d held-out sequences scored; gate init %s. Dots are the chosen "
                        + "rate's mean over seeds, bars the seeds' min to max; the dashed line is the task's baseline "
                        + "(%s).", record.trainer(), record.machine(), config.hiddenSize(), config.budget(),
                config.batchSize(), rates(config.learningRates()), config.seeds(), config.seeds() == 1 ? "" : "s",
                config.testSize(), config.gateInit(), config.parsedTasks().stream().map(task -> task.id() + ": "
                        + baselineName(task)).collect(Collectors.joining("; ")));
        return HtmlReport.section("study-accuracy", "Long-range memory", note, taskCharts, tables.toString());
    }

    private ChartSpec accuracyChart(SequenceTask task, List<BestRate> best) {
        List<Integer> lengths = best.stream().map(BestRate::length).distinct().sorted().toList();
        List<ChartSpec.Line> lines = new ArrayList<>();
        for (String kind : config.kinds()) {
            List<ChartSpec.Point> points = best.stream().filter(cell -> cell.kind().id().equals(kind))
                    .sorted(Comparator.comparingInt(BestRate::length))
                    .map(cell -> {
                        Spread score = cell.best().score();
                        return new ChartSpec.Point(cell.length(), score.mean(), score.min(), score.max(), false,
                                "rate " + Numbers.significant(cell.best().learningRate(), 3) + ", " + score.seeds()
                                        + " seed" + (score.seeds() == 1 ? "" : "s"));
                    }).toList();
            if (!points.isEmpty()) {
                lines.add(new ChartSpec.Line(kind, kindColours.colour(kind), 0, false, points));
            }
        }
        double baseline = task.baseline();
        ChartSpec.Reference reference = new ChartSpec.Reference(baselineName(task), lengths.getFirst(), baseline,
                lengths.getLast(), baseline);
        return new ChartSpec("study-accuracy-" + task.id(), taskName(task) + ": held-out " + metricName(task)
                + " against T", new ChartSpec.Axis(LENGTH_AXIS, true, lengths, false),
                new ChartSpec.Axis(metricName(task), false, List.of(), true), task.metric().id(), lines,
                List.of(reference));
    }

    private String accuracyTable(SequenceTask task, List<BestRate> best) {
        boolean adding = task instanceof AddingTask;
        HtmlTable table = new HtmlTable().text("kind").number("T").number(metricName(task) + " mean")
                .number("[min–max] over seeds").number("seeds").number("chosen rate").prose("every rate of the grid")
                .number("diverged (chosen rate)");
        if (adding) {
            table.number("share within " + Numbers.significant(AddingTask.TOLERANCE, 2));
        }
        List<BestRate> ordered = best.stream().sorted(Comparator.comparingInt((BestRate cell) -> config.kinds()
                .indexOf(cell.kind().id())).thenComparingInt(BestRate::length)).toList();
        for (BestRate cell : ordered) {
            Spread score = cell.best().score();
            List<String> row = new ArrayList<>(List.of(cell.kind().id(), String.valueOf(cell.length()),
                    metric(task, score.mean()), range(task, score), String.valueOf(score.seeds()),
                    Numbers.significant(cell.best().learningRate(), 3), grid(task, cell.grid()),
                    cell.best().diverged() + " of " + score.seeds()));
            if (adding) {
                List<Double> shares = record.trainings(task.id()).stream().filter(run -> run.kind().equals(
                        cell.kind().id()) && run.length() == cell.length()
                        && run.learningRate() == cell.best().learningRate()).map(TrainingRecord::accuracy).toList();
                row.add(shares.isEmpty() ? "n/a" : share(Spread.of(shares)));
            }
            table.row(row);
        }
        return table.render();
    }

    private static String grid(SequenceTask task, List<RateScore> grid) {
        return grid.stream().map(rate -> Numbers.significant(rate.learningRate(), 3) + ": "
                + metric(task, rate.score().mean()) + " over " + rate.score().seeds() + " seed"
                + (rate.score().seeds() == 1 ? "" : "s") + (rate.diverged() > 0 ? " (" + rate.diverged() + " diverged)"
                        : "")).collect(Collectors.joining("; "));
    }

    // ------------------------------------------------------------------------------------------------ gradient

    /** The profiles of one kind: at PyTorch's init, with gates started for T steps, after training. */
    private record Profile(ModelKind kind, String start, String words, int dash, GradientProfile profile) {
    }

    private List<Profile> profiles() {
        List<Profile> profiles = new ArrayList<>();
        for (ModelKind kind : config.parsedKinds()) {
            summary.initial(kind, GradientRecord.PYTORCH).ifPresent(profile -> profiles.add(new Profile(kind,
                    GradientRecord.PYTORCH, "PyTorch init", 0, profile)));
            summary.initial(kind, GradientRecord.MEMORY).ifPresent(profile -> profiles.add(new Profile(kind,
                    GradientRecord.MEMORY, "gates started for T steps", 1, profile)));
            summary.trained(kind).or(() -> summary.initial(kind, GradientRecord.TRAINED)).ifPresent(profile ->
                    profiles.add(new Profile(kind, GradientRecord.TRAINED, "after training", 2, profile)));
        }
        return profiles;
    }

    private String gradient() {
        List<Profile> profiles = profiles();
        if (profiles.isEmpty()) {
            return HtmlReport.section("study-gradient", "Gradient flow", "No gradient profile has been measured yet.",
                    List.of(), "");
        }
        List<ChartSpec.Line> lines = new ArrayList<>();
        for (Profile profile : profiles) {
            List<ChartSpec.Point> points = new ArrayList<>();
            List<Double> norms = profile.profile().norms();
            for (int distance = 0; distance < norms.size(); distance++) {
                double norm = norms.get(distance);
                // As in the fit: a zero or subnormal norm underflowed, and has no place on a log axis.
                if (Double.isFinite(norm) && norm >= Float.MIN_NORMAL) {
                    points.add(new ChartSpec.Point(distance, norm, null, null, false, null));
                }
            }
            lines.add(new ChartSpec.Line(profile.kind().id() + " · " + profile.words(),
                    kindColours.colour(profile.kind().id()), profile.dash(), false, points));
        }
        ChartSpec chart = new ChartSpec("study-gradient", "Input-gradient norm against distance from the last step",
                new ChartSpec.Axis("distance from the last step (steps)", false, List.of(), true),
                new ChartSpec.Axis("mean norm of dLoss/dx_t", true, List.of(), false), "", lines, List.of());
        charts.add(chart);
        HtmlTable table = new HtmlTable().text("kind").text("start").number("T").number("sequences").number("rho")
                .number("95% interval").number("rho^" + STEPS).number("R²").number("points used");
        for (Profile profile : profiles) {
            List<String> leading = List.of(profile.kind().id(), profile.words(),
                    String.valueOf(profile.profile().length()), String.valueOf(profile.profile().sequences()));
            RhoFit fit;
            try {
                fit = profile.profile().fit();
            } catch (IllegalArgumentException tooFew) {
                table.rowWithNote(leading, tooFew.getMessage());
                continue;
            }
            List<String> row = new ArrayList<>(leading);
            row.addAll(List.of(Numbers.significant(fit.rho(), 4), Numbers.significant(fit.lower(), 4) + " to "
                    + Numbers.significant(fit.upper(), 4), Numbers.significant(fit.over(STEPS), 3),
                    String.format(Locale.ROOT, "%.3f", fit.rSquared()), String.valueOf(fit.points())));
            table.row(row);
        }
        String note = "The mean Euclidean norm of dLoss/dx_t over " + config.gradientBatch() + " held-out sequences per"
                + " seed, at T = " + config.gradientLength() + ", against the distance T - 1 - t from the last step, log"
                + " y axis. The slope of its log is log rho, the per-step factor: rho below 1 vanishes, above 1"
                + " explodes, and over " + STEPS + " steps the gradient changes by rho^" + STEPS + ". After training: "
                + "the chosen rate's recall runs at T = " + config.gradientLength() + ", averaged over seeds. Dash: "
                + "solid PyTorch init, dashed gates started for T steps, dotted after training.";
        return HtmlReport.section("study-gradient", "Gradient flow", note, List.of(chart), table.render());
    }

    // ------------------------------------------------------------------------------------------------ memory

    private String memory() {
        List<String> backends = summary.memoryBackends();
        if (backends.isEmpty()) {
            return HtmlReport.section("study-memory", "Memory of one forward pass", config.memoryLengths().isEmpty()
                    ? "The study measured no forward-pass memory (--memory-seq was empty)."
                    : "No forward-pass memory has been measured yet.", List.of(), "");
        }
        List<ChartSpec> backendCharts = new ArrayList<>();
        for (int index = 0; index < backends.size(); index++) {
            String backend = backends.get(index);
            List<ForwardMemory> points = record.memory().stream().filter(point -> point.backend().equals(backend))
                    .toList();
            List<Integer> lengths = points.stream().filter(ForwardMemory::measured).map(ForwardMemory::length)
                    .distinct().sorted().toList();
            if (lengths.isEmpty()) {
                continue;
            }
            List<ChartSpec.Line> lines = new ArrayList<>();
            for (String kind : config.kinds()) {
                List<ChartSpec.Point> kindPoints = points.stream().filter(point -> point.kind().equals(kind)
                        && point.measured()).sorted(Comparator.comparingInt(ForwardMemory::length))
                        .map(point -> new ChartSpec.Point(point.length(), megabytes(point.residentBytes()), null, null,
                                false, "heap " + Numbers.significant(megabytes(point.heapBytes()), 3) + " MB, batch "
                                        + point.batch()))
                        .toList();
                if (!kindPoints.isEmpty()) {
                    lines.add(new ChartSpec.Line(kind, kindColours.colour(kind), 0, false, kindPoints));
                }
            }
            backendCharts.add(new ChartSpec("study-memory-" + (index + 1), backend
                    + ": resident memory of one forward pass against T", new ChartSpec.Axis(LENGTH_AXIS, true, lengths,
                    false), new ChartSpec.Axis("peak resident above the baseline (MB)", false, List.of(), true), "MB",
                    lines, List.of()));
        }
        charts.addAll(backendCharts);
        String note = "Each point one forward pass at batch " + config.memoryBatch() + " in a JVM of its own: the peak "
                + "resident set during the pass above the resident set just before it (native memory included), "
                + "in MB (10^6 bytes), and the heap's change, which a collection during the pass can make negative. "
                + "The fit is least squares of the resident bytes on 1, T and T²; a Transformer's score matrices "
                + "are one float32 T x T matrix per head (" + StudyModel.HEADS + ") and sequence.";
        return HtmlReport.section("study-memory", "Memory of one forward pass", note, backendCharts,
                "<h3>Every point</h3>\n" + memoryPoints() + "<h3>Growth with T</h3>\n" + memoryFits());
    }

    private String memoryPoints() {
        HtmlTable table = new HtmlTable().text("backend").text("kind").number("T").number("batch")
                .number("resident MB").number("heap MB");
        for (ForwardMemory point : record.memory()) {
            List<String> leading = List.of(point.backend(), point.kind(), String.valueOf(point.length()),
                    String.valueOf(point.batch()));
            if (!point.measured()) {
                table.rowWithNote(leading, "not measured: " + point.failure());
                continue;
            }
            List<String> row = new ArrayList<>(leading);
            row.add(Numbers.significant(megabytes(point.residentBytes()), 4));
            row.add(Numbers.significant(megabytes(point.heapBytes()), 4));
            table.row(row);
        }
        return table.render();
    }

    private String memoryFits() {
        List<MemoryGrowth> fits = summary.memoryGrowth();
        if (fits.isEmpty()) {
            return "<p>No backend and kind has " + MemoryGrowth.MIN_LENGTHS + " measured lengths, which a fit of three"
                    + " coefficients needs.</p>\n";
        }
        HtmlTable table = new HtmlTable().text("backend").text("kind").number("constant MB").number("linear bytes/T")
                .number("quadratic bytes/T²").number("95% interval").number("attention bytes/T² (analytic)")
                .number("R²").number("points").number("largest T").number("quadratic share at largest T");
        for (MemoryGrowth fit : fits) {
            String analytic = ModelKind.parse(fit.kind()) == ModelKind.TRANSFORMER
                    ? Numbers.significant(MemoryGrowth.attentionBytes(batchOf(fit), StudyModel.HEADS, 1), 4)
                    : "none (no attention)";
            table.row(List.of(fit.backend(), fit.kind(), Numbers.significant(fit.constant() / 1e6, 4),
                    Numbers.significant(fit.linear(), 4), Numbers.significant(fit.quadratic(), 4),
                    Numbers.significant(fit.quadraticLow(), 3) + " to " + Numbers.significant(fit.quadraticHigh(), 3),
                    analytic, String.format(Locale.ROOT, "%.4f", fit.rSquared()), String.valueOf(fit.points()),
                    String.valueOf(fit.largestLength()), Numbers.percent(fit.quadraticShare())));
        }
        return table.render() + "<p class=\"note\">" + Html.escape("An interval of -inf to inf: the fit had as many "
                + "points as coefficients, so it says nothing about their scatter.") + "</p>\n";
    }

    /** The batch of a fit's passes: the batch its points were measured at. */
    private int batchOf(MemoryGrowth fit) {
        return record.memory().stream().filter(point -> point.backend().equals(fit.backend())
                && point.kind().equals(fit.kind()) && point.measured()).map(ForwardMemory::batch).findFirst()
                .orElse(config.memoryBatch());
    }

    // ------------------------------------------------------------------------------------------------ parameters

    private String parameters() {
        if (record.parameters().isEmpty()) {
            return HtmlReport.section("study-parameters", "Parameters", "The parameters have not been counted yet.",
                    List.of(), "");
        }
        HtmlTable table = new HtmlTable().text("kind").number("encoder").number("head").number("analytic total")
                .number("generated").text("agree");
        for (ParameterCount count : record.parameters()) {
            table.row(List.of(count.kind(), count(count.encoder()), count(count.head()), count(count.analytic()),
                    count(count.generated()), count.agrees() ? "yes" : "no: they differ by "
                            + count(count.generated() - count.analytic())));
        }
        StringBuilder out = new StringBuilder(table.render());
        Optional<ParameterCount> gru = parameterCount("gru");
        Optional<ParameterCount> lstm = parameterCount("lstm");
        if (gru.isPresent() && lstm.isPresent()) {
            double recurrent = (double) gru.get().encoder() / lstm.get().encoder();
            double whole = (double) gru.get().analytic() / lstm.get().analytic();
            out.append("<p>").append(Html.escape(String.format(Locale.ROOT, "GRU over LSTM: the recurrent part %.4f "
                    + "(%s fewer), the whole model %.4f (%s fewer).", recurrent, Numbers.percent(1 - recurrent), whole,
                    Numbers.percent(1 - whole)))).append("</p>\n");
        }
        String note = "Each kind at the study's sizes (hidden " + config.hiddenSize() + ", one layer): the analytic "
                + "count of the encoder (the recurrent layers, or the Transformer's input projection and encoder) and "
                + "of the head, beside the scalars of the weights generated for it, which must agree.";
        return HtmlReport.section("study-parameters", "Parameters", note, List.of(), out.toString());
    }

    private Optional<ParameterCount> parameterCount(String kind) {
        return record.parameters().stream().filter(count -> count.kind().equals(kind)).findFirst();
    }

    // ------------------------------------------------------------------------------------------------ cross-check

    private String crossCheck() {
        if (record.crossChecks().isEmpty()) {
            return HtmlReport.section("study-crosscheck", "Training cross-check", "No training was repeated on another"
                    + " backend.", List.of(), "");
        }
        HtmlTable table = new HtmlTable().text("task").text("kind").number("T").number("budget").number("rate")
                .number("seed").text("reference").text("other").number("gradient difference")
                .number("first-loss difference").number("curve difference").number("reference metric")
                .number("other metric").text("first steps agree");
        for (CrossCheck check : record.crossChecks()) {
            List<String> leading = List.of(check.task(), check.kind(), String.valueOf(check.length()),
                    String.format(Locale.ROOT, "%,d", check.budget()), Numbers.significant(check.learningRate(), 3),
                    String.valueOf(check.seed()), check.reference(), check.other());
            if (check.failure() != null) {
                table.rowWithNote(leading, "did not run: " + check.failure());
                continue;
            }
            List<String> row = new ArrayList<>(leading);
            row.addAll(List.of(error(check.gradientDifference()), error(check.firstLossDifference()),
                    error(check.curveDifference()), figure(check.referenceMetric()), figure(check.otherMetric()),
                    check.agrees() ? "yes" : "no"));
            table.row(row);
        }
        String note = "The same training on two backends, from the same initial weights, on the same batches, with "
                + "the same optimizer: relative differences of the input gradient at the initial weights, of the first "
                + "step's loss, and the largest between the two loss curves, and both held-out metrics. The first "
                + "steps agree when the gradients differ by at most " + CrossCheck.GRADIENT_TOLERANCE + " and the "
                + "losses by at most " + CrossCheck.LOSS_TOLERANCE + " (the training conformance kit's tolerances): "
                + record.crossChecks().stream().filter(CrossCheck::agrees).count() + " of "
                + record.crossChecks().size() + " do. Later steps may drift apart as float32 rounding compounds.";
        return HtmlReport.section("study-crosscheck", "Training cross-check", note, List.of(), table.render());
    }

    // ------------------------------------------------------------------------------------------------ setup

    private String setup() {
        HtmlTable table = new HtmlTable().text("").prose(record.studyId());
        List<String[]> rows = List.of(new String[] {"machine", record.machine()},
                new String[] {"trainer", record.trainer()},
                new String[] {"profile", config.profile()},
                new String[] {"tasks", String.join(", ", config.tasks())},
                new String[] {"kinds", String.join(", ", config.kinds())},
                new String[] {"trained lengths", config.lengths().toString()},
                new String[] {"learning rates", rates(config.learningRates())},
                new String[] {"seeds", String.valueOf(config.seeds())},
                new String[] {"hidden size", String.valueOf(config.hiddenSize())},
                new String[] {"budget", String.format(Locale.ROOT, "%,d training sequences in batches of %d",
                        config.budget(), config.batchSize())},
                new String[] {"held-out sequences", String.format(Locale.ROOT, "%,d", config.testSize())},
                new String[] {"gate init", config.gateInit()},
                new String[] {"gradient flow", "T = " + config.gradientLength() + ", " + config.gradientBatch()
                        + " sequences per seed"},
                new String[] {"memory", config.memoryLengths().isEmpty() ? "not measured"
                        : "T " + config.memoryLengths() + " at batch " + config.memoryBatch()},
                new String[] {"training threads", config.threads() == 0 ? "engine default"
                        : String.valueOf(config.threads())},
                new String[] {"started", record.started()},
                new String[] {"finished", record.finished() == null ? "not finished" : record.finished()},
                new String[] {"study.json schema", String.valueOf(record.schema())});
        rows.forEach(row -> table.row(List.of(row)));
        return "<section id=\"study-setup\"><h2>Study setup</h2>\n" + table.render() + "</section>\n";
    }

    // ------------------------------------------------------------------------------------------------ words

    static String taskName(SequenceTask task) {
        return task instanceof AddingTask ? "Adding problem" : "Recall";
    }

    static String metricName(SequenceTask task) {
        return task.metric() == Metric.ACCURACY ? "accuracy" : "mean squared error";
    }

    static String baselineName(SequenceTask task) {
        return (task.metric() == Metric.ACCURACY ? "chance " : "predicting the mean ")
                + Numbers.significant(task.baseline(), 3);
    }

    /** A metric value: accuracy to three decimals, a squared error to three significant digits. */
    static String metric(SequenceTask task, double value) {
        return task.metric() == Metric.ACCURACY ? String.format(Locale.ROOT, "%.3f", value)
                : Numbers.significant(value, 3);
    }

    static String range(SequenceTask task, Spread spread) {
        return "[" + metric(task, spread.min()) + "–" + metric(task, spread.max()) + "]";
    }

    private static String share(Spread spread) {
        return String.format(Locale.ROOT, "%.3f [%.3f–%.3f]", spread.mean(), spread.min(), spread.max());
    }

    static String rates(List<Double> rates) {
        return rates.stream().map(rate -> Numbers.significant(rate, 3)).collect(Collectors.joining(", ", "[", "]"));
    }

    private static double megabytes(long bytes) {
        return bytes / 1e6;
    }

    private static String count(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String error(Double value) {
        return value == null ? "n/a" : Numbers.error(value);
    }

    private static String figure(Double value) {
        return value == null ? "n/a" : Numbers.significant(value, 4);
    }
}
