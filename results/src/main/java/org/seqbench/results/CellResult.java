package org.seqbench.results;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import org.seqbench.core.Work;

/**
 * What happened to one cell. For an {@link Status#OK} cell every figure is present; a failed or skipped cell has
 * its reason and whatever was known before it stopped (its analytic work always).
 *
 * @param cell the coordinates
 * @param status ok, failed or skipped
 * @param reason why the cell failed or was skipped; null when ok
 * @param latency the JMH latency distribution of one forward pass
 * @param throughput sequences and tokens per second at the mean latency
 * @param work analytic FLOPs and sequential steps of one forward pass
 * @param gflops FLOPs / mean latency, in GFLOP/s
 * @param accuracy the output's error against the float64 reference
 * @param contention CPU other processes used while the cell was measured; null where /proc is not available
 * @param startedAt ISO-8601 instant the cell started
 * @param wallSeconds the cell's whole duration, JVM fork and setup included
 * @param slowHost whether the host-speed canary was slow both before and after the cell
 *     ({@link CanarySample#slowHost}); null where no canary surrounds it (records before schema version 4, or a run
 *     that stopped before the visit after the cell)
 * @param trials the cell's independent trials (one JMH fork each), in the order they ran; empty for a cell measured
 *     as one fork, whose figures are then those above alone. Trials arrive with schema version 4; older records read
 *     with none, and an empty list is not written, so a cell without trials writes exactly as before
 * @param headline the headline estimate across the trials; null for a cell without trials, whose headline is then
 *     its mean latency (as every figure was before trials)
 * @param memory the peak memory of loading the model and running its forward passes: the figures of the trial that
 *     grew the most ({@link Memory#largest}); null in records before schema version 6 and for a cell not measured
 * @param deviceMs the device-side time of one forward pass, in ms: the least of the trials' {@link Trial#deviceMin()}
 *     ({@link #deviceMs(List)}), so that the latency minus it is what the host adds (launches, transfers,
 *     synchronisation); null for a backend that does not time its device ({@code org.seqbench.spi.DeviceTimed}) and in
 *     records before schema version 8
 */
public record CellResult(
        Cell cell,
        Status status,
        String reason,
        Latency latency,
        Throughput throughput,
        Work work,
        Double gflops,
        AccuracyFigures accuracy,
        Contention contention,
        String startedAt,
        double wallSeconds,
        Boolean slowHost,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Trial> trials,
        @JsonInclude(JsonInclude.Include.NON_NULL) Headline headline,
        Memory memory,
        @JsonInclude(JsonInclude.Include.NON_NULL) Double deviceMs) {

    public CellResult {
        trials = trials == null ? List.of() : List.copyOf(trials);
    }

    /** A cell without a device time: every writer before schema version 8, and every backend that has none. */
    public CellResult(Cell cell, Status status, String reason, Latency latency, Throughput throughput, Work work,
            Double gflops, AccuracyFigures accuracy, Contention contention, String startedAt, double wallSeconds,
            Boolean slowHost, List<Trial> trials, Headline headline, Memory memory) {
        this(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt, wallSeconds,
                slowHost, trials, headline, memory, null);
    }

    /** The cell's device time from its trials: the least of their device minima; null when none has one. */
    public static Double deviceMs(List<Trial> trials) {
        return trials.stream().map(Trial::deviceMin).filter(java.util.Objects::nonNull).min(Double::compare)
                .orElse(null);
    }

    /** A cell whose memory was not measured: every writer before schema version 6. */
    public CellResult(Cell cell, Status status, String reason, Latency latency, Throughput throughput, Work work,
            Double gflops, AccuracyFigures accuracy, Contention contention, String startedAt, double wallSeconds,
            Boolean slowHost, List<Trial> trials, Headline headline) {
        this(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt, wallSeconds,
                slowHost, trials, headline, null);
    }

    /** A cell measured as one fork, without trials: the form every writer used before trials existed. */
    public CellResult(Cell cell, Status status, String reason, Latency latency, Throughput throughput, Work work,
            Double gflops, AccuracyFigures accuracy, Contention contention, String startedAt, double wallSeconds,
            Boolean slowHost) {
        this(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt, wallSeconds,
                slowHost, List.of(), null);
    }

    /** A cell measured as one fork, without trials or a canary verdict. */
    public CellResult(Cell cell, Status status, String reason, Latency latency, Throughput throughput, Work work,
            Double gflops, AccuracyFigures accuracy, Contention contention, String startedAt, double wallSeconds) {
        this(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt, wallSeconds,
                null);
    }

    public enum Status {
        @JsonProperty("ok") OK,
        @JsonProperty("failed") FAILED,
        @JsonProperty("skipped") SKIPPED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One forward pass's latency in milliseconds: the mean with its confidence interval (JMH's, over all samples),
     * and percentiles of the sample distribution.
     */
    public record Latency(double mean, double ciLow, double ciHigh, double confidence, double p50, double p90,
            double p99, double min, double max, long samples) {
    }

    /**
     * One independent trial of a cell: one JMH run in a JVM of its own (a fresh one each round of the schedule), so
     * JIT decisions, memory layout and the neighbours' load differ between trials as they do between runs. Across
     * trials, not across the samples of one trial, is where the interval of a cell's estimate is computed (Kalibera
     * and Jones 2013).
     *
     * @param index the trial's position in the cell's trials, from 0
     * @param startedAt ISO-8601 instant the trial started
     * @param samples how many latency samples the trial took
     * @param min the fastest sample, in ms
     * @param p10 the 10th percentile of the samples, in ms; null where not recorded
     * @param median the median sample, in ms
     * @param mean the mean sample, in ms
     * @param p90 the 90th percentile of the samples, in ms
     * @param p99 the 99th percentile of the samples, in ms; null where not recorded
     * @param otherCpuCores cores' worth of CPU other processes used during the trial; null where /proc is not
     *     available
     * @param ownCpuCores cores' worth of CPU the measuring JVM used meanwhile; null where /proc is not available
     * @param stealCores of those, the cores' worth the hypervisor gave other guests; null where not measured
     * @param contended whether others left the trial fewer idle cores than it asked for ({@link
     *     Contention#contended}); null where /proc is not available
     * @param slowHost whether the host-speed canary was slow both before and after the trial; null until the visit
     *     after it has run
     * @param seconds the trial's whole duration, model load and JMH's warm-up included
     * @param memory the trial JVM's memory for loading the model and its forward passes; null in records before
     *     schema version 6
     * @param deviceMin the fastest device-side time, in ms, of a few forward passes run after the measured iterations
     *     (outside JMH's timing) by a model that times its device ({@code org.seqbench.spi.DeviceTimed}); null for
     *     one that does not, and in records before schema version 8
     * @param deviceMedian the median of those device times, in ms; null where {@code deviceMin} is
     * @param jitSeconds the time the measuring JVM's JIT compilers spent compiling during the measured iterations,
     *     all compiler threads together; null in records before schema version 9
     * @param gcSeconds the time its garbage collectors reported collecting meanwhile; null where {@code jitSeconds} is
     */
    public record Trial(int index, String startedAt, long samples, double min, Double p10, double median, double mean,
            double p90, Double p99, Double otherCpuCores, Double ownCpuCores, Double stealCores, Boolean contended,
            Boolean slowHost, double seconds, Memory memory,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double deviceMin,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double deviceMedian,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double jitSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double gcSeconds) {

        /** A trial without the JVM's activity: every writer before schema version 9. */
        public Trial(int index, String startedAt, long samples, double min, Double p10, double median, double mean,
                double p90, Double p99, Double otherCpuCores, Double ownCpuCores, Double stealCores, Boolean contended,
                Boolean slowHost, double seconds, Memory memory, Double deviceMin, Double deviceMedian) {
            this(index, startedAt, samples, min, p10, median, mean, p90, p99, otherCpuCores, ownCpuCores, stealCores,
                    contended, slowHost, seconds, memory, deviceMin, deviceMedian, null, null);
        }

        /** A trial without device times: every writer before schema version 8, and every backend that has none. */
        public Trial(int index, String startedAt, long samples, double min, Double p10, double median, double mean,
                double p90, Double p99, Double otherCpuCores, Double ownCpuCores, Double stealCores, Boolean contended,
                Boolean slowHost, double seconds, Memory memory) {
            this(index, startedAt, samples, min, p10, median, mean, p90, p99, otherCpuCores, ownCpuCores, stealCores,
                    contended, slowHost, seconds, memory, null, null);
        }

        /** A trial whose memory was not measured: every writer before schema version 6. */
        public Trial(int index, String startedAt, long samples, double min, Double p10, double median, double mean,
                double p90, Double p99, Double otherCpuCores, Double ownCpuCores, Double stealCores, Boolean contended,
                Boolean slowHost, double seconds) {
            this(index, startedAt, samples, min, p10, median, mean, p90, p99, otherCpuCores, ownCpuCores, stealCores,
                    contended, slowHost, seconds, null);
        }

        /** Whether the trial's figures are disturbed: measured under contention or on a slow host. */
        public boolean disturbed() {
            return Boolean.TRUE.equals(contended) || Boolean.TRUE.equals(slowHost);
        }

        /** This trial renumbered as the {@code newIndex}-th of a cell's trials. */
        public Trial withIndex(int newIndex) {
            return new Trial(newIndex, startedAt, samples, min, p10, median, mean, p90, p99, otherCpuCores, ownCpuCores,
                    stealCores, contended, slowHost, seconds, memory, deviceMin, deviceMedian, jitSeconds, gcSeconds);
        }

        /** This trial with the canary's verdict. */
        public Trial withSlowHost(boolean slow) {
            return new Trial(index, startedAt, samples, min, p10, median, mean, p90, p99, otherCpuCores, ownCpuCores,
                    stealCores, contended, slow, seconds, memory, deviceMin, deviceMedian, jitSeconds, gcSeconds);
        }
    }

    /**
     * The cell's headline latency: one estimator ({@code TrialEstimator.HEADLINE} in the analysis) over its trials,
     * with the estimate's interval across trials. It drives every fit, crossover, gain and comparison; the latency
     * percentiles stay the distribution a user sees.
     *
     * @param estimator the estimator's id ("median-of-minima")
     * @param value the estimate, in ms
     * @param low the interval's lower end, in ms; null when the trials are too few for one
     * @param high the interval's upper end, in ms; null when the trials are too few for one
     * @param confidence the interval's level (0.95)
     * @param trials how many trials it summarises
     * @param modes how many separate clusters the trials' medians fall into (1: one mode); more than one means no
     *     single figure describes the cell
     * @param spread how far, as a fraction, the headline would move between two runs like this one at 95%: the half
     *     width of the interval a comparison with such a rerun would give the ratio (for the minimum, the
     *     distribution-free one of {@code MinimumRatio}); null when the trials are too few for one
     * @param precise whether the spread is within the run's precision target; null when the run had none
     */
    public record Headline(String estimator, double value, Double low, Double high, double confidence, int trials,
            int modes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double spread,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean precise) {

        /** A headline from before precision was judged (records of schema 7 and earlier). */
        public Headline(String estimator, double value, Double low, Double high, double confidence, int trials,
                int modes) {
            this(estimator, value, low, high, confidence, trials, modes, null, null);
        }

        /** This headline judged against the run's precision target ({@code spread <= target}). */
        public Headline judged(double target) {
            return new Headline(estimator, value, low, high, confidence, trials, modes, spread,
                    spread != null && spread <= target);
        }

        public boolean hasInterval() {
            return low != null && high != null;
        }

        public boolean multiModal() {
            return modes > 1;
        }
    }

    public record Throughput(double sequencesPerSecond, double tokensPerSecond) {
    }

    /**
     * The memory one trial's JVM needed for the cell, measured outside JMH's measured region: the kernel's peak
     * resident set (VmHWM) is reset and the resident set (VmRSS) read as the baseline just before the model is
     * loaded, and the peak and the Java heap in use are read after the measured iterations. Resident memory counts
     * native memory too (the engine's arenas, caches and thread stacks, its libraries' pages when the trial is the
     * first to load them in its JVM), which the heap alone does not show.
     *
     * @param peakRssBytes the JVM's peak resident set from the reset to the end of the measured iterations; null
     *     without /proc (macOS)
     * @param baselineRssBytes its resident set just before the model was loaded; null without /proc
     * @param peakAboveBaselineBytes {@code peakRssBytes - baselineRssBytes}: native and heap growth for loading the
     *     model and running its forward passes; null without /proc
     * @param heapUsedBytes the Java heap in use after the measured iterations (live objects and garbage not yet
     *     collected)
     * @param engineStartIncluded whether the trial was the first to load a model in its JVM, so that the growth
     *     includes the engine's start-up (its native libraries' pages, thread pools, allocator arenas) and not the
     *     model's needs alone; null where not known
     */
    public record Memory(Long peakRssBytes, Long baselineRssBytes, Long peakAboveBaselineBytes, long heapUsedBytes,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean engineStartIncluded) {

        /** Figures without the knowledge of whether the engine started in the trial. */
        public Memory(Long peakRssBytes, Long baselineRssBytes, Long peakAboveBaselineBytes, long heapUsedBytes) {
            this(peakRssBytes, baselineRssBytes, peakAboveBaselineBytes, heapUsedBytes, null);
        }

        /** The figures from a baseline and a peak read from /proc (either null without it), and the heap in use. */
        public static Memory of(Long baselineRssBytes, Long peakRssBytes, long heapUsedBytes) {
            Long above = baselineRssBytes == null || peakRssBytes == null ? null : peakRssBytes - baselineRssBytes;
            return new Memory(peakRssBytes, baselineRssBytes, above, heapUsedBytes, null);
        }

        /** {@link #of(Long, Long, long)}, saying whether the trial was the first to load a model in its JVM. */
        public static Memory of(Long baselineRssBytes, Long peakRssBytes, long heapUsedBytes,
                boolean engineStartIncluded) {
            Memory figures = of(baselineRssBytes, peakRssBytes, heapUsedBytes);
            return new Memory(figures.peakRssBytes(), figures.baselineRssBytes(), figures.peakAboveBaselineBytes(),
                    heapUsedBytes, engineStartIncluded);
        }

        /**
         * The cell's memory from its trials' ({@code null} entries ignored): the figures of the trial whose peak
         * grew the most above its baseline (of the largest heap where no trial could read /proc), kept whole so
         * that they add up, among the trials that did not start the engine in their JVM where there are any. The
         * largest, not a typical trial: a worker JVM that ran other cells before keeps memory its allocators got
         * back, which a later model may reuse without the resident set growing, so such a trial can only understate
         * what loading and running the model needs. A trial that started the engine overstates it by the engine's
         * start-up (a worker's first trial: libtorch's pages alone are over a hundred MB), so it stands for the cell
         * only when no other trial measured it, and says so ({@link #engineStartIncluded()}).
         *
         * @return null when no trial measured it
         */
        public static Memory largest(List<Memory> trials) {
            List<Memory> measured = trials.stream().filter(java.util.Objects::nonNull).toList();
            List<Memory> warm = measured.stream()
                    .filter(memory -> !Boolean.TRUE.equals(memory.engineStartIncluded())).toList();
            return (warm.isEmpty() ? measured : warm).stream()
                    .max(java.util.Comparator.comparing((Memory memory) -> memory.peakAboveBaselineBytes() != null)
                            .thenComparing(memory -> memory.peakAboveBaselineBytes() == null ? 0L
                                    : memory.peakAboveBaselineBytes())
                            .thenComparingLong(Memory::heapUsedBytes))
                    .orElse(null);
        }
    }

    /**
     * @param maxAbsError largest absolute error over the checked sequences
     * @param maxRelError maxAbsError over the largest reference magnitude
     * @param tolerance the bound the cell had to meet
     * @param checkedSequences how many sequences of the batch were compared (the first and the last)
     */
    public record AccuracyFigures(double maxAbsError, double maxRelError, double tolerance, int checkedSequences) {
        public boolean passed() {
            return maxAbsError <= tolerance;
        }
    }

    /**
     * @param otherCpuCores cores' worth of CPU time other processes used during the measurement iterations
     * @param otherCpuShare the same as a share of the whole machine (0..1)
     * @param contended whether others left the cell fewer idle cores than it asked for threads (with a margin)
     * @param ownCpuCores cores' worth of CPU the measuring JVM itself used meanwhile, every thread of it (the
     *     backend's workers, the garbage collector, the JIT); null in records written before it was measured
     * @param stealCores of {@code otherCpuCores}, the cores' worth the hypervisor gave other guests of the host
     *     (steal time); null in records written before it was kept apart
     */
    public record Contention(double otherCpuCores, double otherCpuShare, boolean contended, Double ownCpuCores,
            Double stealCores) {
        /**
         * Cores' worth of CPU others may use beyond the cores a measurement leaves them before it counts as
         * contended. Not zero: /proc/stat counts in ticks, and the kernel's and the launcher's own housekeeping
         * take a little on an idle machine; a quarter core is well above that and well below a competing process.
         */
        public static final double MARGIN_CORES = 0.25;

        /**
         * Steal below this many cores is not shown: a tick or two of rounding on an idle host, which would only crowd
         * the progress line and the tables.
         */
        public static final double SHOWN_STEAL_CORES = 0.05;

        /** Whether {@code stealCores} (null when not measured) is worth showing beside the others' total. */
        public static boolean showsSteal(Double stealCores) {
            return stealCores != null && stealCores > SHOWN_STEAL_CORES;
        }

        /**
         * The rule cells and peaks are judged by: a measurement asking for {@code threads} threads (0 = every core)
         * on {@code logicalCores} cores is contended when others used more than the cores it left them, plus
         * {@link #MARGIN_CORES}.
         */
        public static boolean contended(double otherCpuCores, int logicalCores, int threads) {
            int wanted = threads == 0 ? logicalCores : Math.min(threads, logicalCores);
            return otherCpuCores > logicalCores - wanted + MARGIN_CORES;
        }
    }

    public static CellResult skipped(Cell cell, String reason, Work work, String startedAt) {
        return new CellResult(cell, Status.SKIPPED, reason, null, null, work, null, null, null, startedAt, 0, null);
    }

    public boolean ok() {
        return status == Status.OK;
    }

    public boolean contended() {
        return contention != null && contention.contended();
    }

    /** This result with {@code measured} as its trials. */
    public CellResult withTrials(List<Trial> measured) {
        return new CellResult(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt,
                wallSeconds, slowHost, measured, headline, memory, deviceMs);
    }

    /**
     * Whether the cell's figures are disturbed: measured under contention or on a slow host. The analysis leaves
     * disturbed cells out of fits and crossovers, and the reports mark them.
     */
    public boolean disturbed() {
        return contended() || Boolean.TRUE.equals(slowHost);
    }

    /** This result with its slow-host flag set. */
    public CellResult withSlowHost(boolean slow) {
        return new CellResult(cell, status, reason, latency, throughput, work, gflops, accuracy, contention, startedAt,
                wallSeconds, slow, trials, headline, memory, deviceMs);
    }

    /**
     * The latency, in ms, that fits, crossovers, gains and comparisons are made on: the headline estimate across
     * trials, or the mean latency of a cell measured without trials. Only for an ok cell.
     */
    public double headlineMs() {
        return headline != null ? headline.value() : latency.mean();
    }
}
