package org.seqbench.results.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Parameters;
import org.seqbench.study.CrossCheck;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.ParameterCount;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.TrainingRecord;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.training.LossPoint;
import org.seqbench.study.training.StudyModel;

/**
 * A small study record with a known answer everywhere, for the report tests: recall and adding, the four kinds at
 * T = 16 and 256, two seeds, the grid 0.01 and 0.03 tried on seed 1 (0.01 wins everywhere and is confirmed on seed
 * 2; the RNN's recall run at T = 256 and rate 0.03 diverged); the gradient at initialisation and after training at
 * T = 16 (the RNN's PyTorch-init norm underflows at the farthest step); forward memory on two backends at four
 * lengths (djl's GRU failed at the longest, with markup in its reason); the analytic parameter counts; a
 * cross-check that ran and one that did not. The machine and trainer carry markup and a pipe, to be escaped.
 *
 * <p>The figures make the claims come out so: the RNN's, the gates', the GRU's and attention's hold, the preference
 * holds partly (no length near 1000 was trained), parallelism is not measurable without a run.
 */
final class StudyRecords {
    static final String MACHINE = "Test CPU <2 cores> & \"fast\"";
    static final String TRAINER = "djl 0.36|pytorch 2.7";
    static final String MEMORY_FAILURE = "out of memory: <img src=x onerror=alert(1)> & more";
    static final String CROSS_FAILURE = "dl4j cannot train <transformer> yet";
    static final List<String> KINDS = List.of("rnn", "lstm", "gru", "transformer");
    static final int BUDGET = 6_400;

    /** Chosen-rate recall accuracy per kind at T = 16 and 256, seeds 1 and 2. */
    static final Map<String, double[][]> RECALL = Map.of(
            "rnn", new double[][] {{0.90, 0.86}, {0.13, 0.12}},
            "lstm", new double[][] {{0.95, 0.97}, {0.70, 0.74}},
            "gru", new double[][] {{0.96, 0.98}, {0.80, 0.84}},
            "transformer", new double[][] {{0.99, 1.00}, {0.98, 0.96}});
    /** Chosen-rate adding-problem squared error per kind at T = 16 and 256, seeds 1 and 2. */
    static final Map<String, double[][]> ADDING = Map.of(
            "rnn", new double[][] {{0.02, 0.03}, {0.16, 0.17}},
            "lstm", new double[][] {{0.005, 0.007}, {0.03, 0.04}},
            "gru", new double[][] {{0.004, 0.006}, {0.02, 0.03}},
            "transformer", new double[][] {{0.001, 0.002}, {0.003, 0.004}});

    private StudyRecords() {
    }

    static StudyConfig config() {
        return new StudyConfig("test", List.of("recall", "adding"), KINDS, List.of(16, 256), List.of(0.01, 0.03), 2,
                32, BUDGET, 64, 128, "memory", 16, 8, List.of(64, 256, 512, 1024), 8, 1);
    }

    static StudyRecord record() {
        StudyRecord record = StudyRecord.start("20261201-090000-study", "2026-12-01T09:00:00Z", MACHINE, TRAINER,
                config());
        record = record.withParameters(parameters());
        for (GradientRecord gradient : gradients()) {
            record = record.with(gradient);
        }
        for (TrainingRecord training : trainings()) {
            record = record.with(training);
        }
        for (ForwardMemory point : memory()) {
            record = record.with(point);
        }
        record = record.with(new CrossCheck("recall", "lstm", 16, BUDGET, 0.01, 1, "djl", "onnx", 3.2e-7, 1.1e-7,
                0.004, 0.95, 0.94, null));
        record = record.with(new CrossCheck("recall", "transformer", 16, BUDGET, 0.01, 1, "djl", "dl4j", null, null,
                null, null, null, CROSS_FAILURE));
        return record.finishedAt("2026-12-01T10:30:00Z");
    }

    static List<ParameterCount> parameters() {
        return KINDS.stream().map(kind -> {
            Parameters analytic = Parameters.of(StudyModel.spec(ModelKind.parse(kind), new RecallTask(), 32));
            return new ParameterCount(kind, analytic.encoder(), analytic.head(), analytic.encoder() + analytic.head());
        }).toList();
    }

    /** {@code rho^d}, with a small alternating scatter so that the fit has an interval. */
    static List<Double> norms(double rho, int length) {
        List<Double> norms = new ArrayList<>();
        for (int distance = 0; distance < length; distance++) {
            norms.add(Math.pow(rho, distance) * (1 + 0.02 * (distance % 3 - 1)));
        }
        return norms;
    }

    private static List<GradientRecord> gradients() {
        List<Double> rnn = new ArrayList<>(norms(0.8, 16));
        rnn.set(15, 0.0);
        return List.of(new GradientRecord("rnn", 16, GradientRecord.PYTORCH, rnn, 16),
                new GradientRecord("lstm", 16, GradientRecord.PYTORCH, norms(0.6, 16), 16),
                new GradientRecord("lstm", 16, GradientRecord.MEMORY, norms(0.95, 16), 16),
                new GradientRecord("gru", 16, GradientRecord.PYTORCH, norms(0.65, 16), 16),
                new GradientRecord("gru", 16, GradientRecord.MEMORY, norms(0.96, 16), 16),
                new GradientRecord("transformer", 16, GradientRecord.PYTORCH, norms(0.99, 16), 16));
    }

    /** The per-step factor after training, by kind. */
    static double trainedRho(String kind) {
        return switch (kind) {
            case "rnn" -> 0.85;
            case "lstm" -> 0.97;
            case "gru" -> 0.98;
            default -> 0.999;
        };
    }

    private static List<TrainingRecord> trainings() {
        List<TrainingRecord> runs = new ArrayList<>();
        for (String task : List.of("recall", "adding")) {
            for (String kind : KINDS) {
                int[] lengths = {16, 256};
                for (int index = 0; index < lengths.length; index++) {
                    int length = lengths[index];
                    double[] chosen = (task.equals("recall") ? RECALL : ADDING).get(kind)[index];
                    runs.add(training(task, kind, length, 0.01, 1, chosen[0], false));
                    boolean diverged = task.equals("recall") && kind.equals("rnn") && length == 256;
                    double worse = task.equals("recall") ? Math.max(0.125, chosen[0] - 0.1) : chosen[0] * 2;
                    runs.add(training(task, kind, length, 0.03, 1, worse, diverged));
                    runs.add(training(task, kind, length, 0.01, 2, chosen[1], false));
                }
            }
        }
        return runs;
    }

    private static TrainingRecord training(String task, String kind, int length, double rate, long seed,
            double metric, boolean diverged) {
        boolean recall = task.equals("recall");
        // The share of adding answers within the tolerance: a known function of the error, for the table's column.
        double accuracy = recall ? metric : share(metric);
        double loss = diverged ? Double.NaN : recall ? -Math.log(metric) : metric;
        // GRU trains faster than LSTM at every length; the time grows with T.
        double perStep = switch (kind) {
            case "rnn" -> 10;
            case "lstm" -> 20;
            case "gru" -> 16;
            default -> 30;
        };
        List<LossPoint> curve = switch (kind) {
            // The gated kinds halve their recall loss at 3,200 sequences, the Transformer at 4,800, the RNN never.
            case "lstm", "gru" -> curve(2.0, 0.9, 0.5, 0.3);
            case "transformer" -> curve(2.0, 1.5, 0.9, 0.2);
            default -> curve(2.0, 1.9, 1.8, 1.7);
        };
        List<Double> gradient = recall && length == 16 && rate == 0.01 ? norms(trainedRho(kind), 16) : null;
        return new TrainingRecord(task, kind, length, 32, BUDGET, 64, rate, seed, 128, 1, "memory", accuracy, loss,
                128, diverged, perStep * length / 16, 0.5, curve, gradient);
    }

    static double share(double squaredError) {
        return Math.max(0, 1 - 5 * squaredError);
    }

    private static List<LossPoint> curve(double... losses) {
        List<LossPoint> points = new ArrayList<>();
        for (int i = 0; i < losses.length; i++) {
            points.add(new LossPoint(BUDGET / losses.length * (i + 1), losses[i]));
        }
        return points;
    }

    /** Resident bytes of one forward pass: linear for the recurrent kinds, quadratic for the Transformer. */
    static long resident(String backend, String kind, int length, int index) {
        double t = length;
        double scale = backend.equals("djl") ? 1.2 : 1.0;
        double bytes = switch (kind) {
            case "rnn" -> 2e6 + 1000 * t;
            case "lstm" -> 3e6 + 1500 * t;
            case "gru" -> 2.8e6 + 1300 * t;
            default -> 5e6 + 2000 * t + 140 * t * t;
        };
        long[] scatter = {3000, -2000, -1500, 500};
        return Math.round(bytes * scale) + scatter[index];
    }

    private static List<ForwardMemory> memory() {
        List<ForwardMemory> points = new ArrayList<>();
        List<Integer> lengths = List.of(64, 256, 512, 1024);
        for (String backend : List.of("onnx", "djl")) {
            for (String kind : KINDS) {
                for (int index = 0; index < lengths.size(); index++) {
                    int length = lengths.get(index);
                    if (backend.equals("djl") && kind.equals("gru") && length == 1024) {
                        points.add(ForwardMemory.failed(backend, kind, length, 8, 32, MEMORY_FAILURE));
                        continue;
                    }
                    long resident = resident(backend, kind, length, index);
                    // A collection during the pass can free more than it grew: the heap figure is kept as read.
                    long heap = backend.equals("onnx") && kind.equals("rnn") && length == 64 ? -12_000 : resident / 10;
                    points.add(new ForwardMemory(backend, kind, length, 8, 32, resident, heap, null));
                }
            }
        }
        return points;
    }
}
