package org.seqbench.study.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.core.Parameters;
import org.seqbench.study.GradientRecord;
import org.seqbench.study.ParameterCount;
import org.seqbench.study.StudyConfig;
import org.seqbench.study.StudyRecord;
import org.seqbench.study.StudySummary;
import org.seqbench.study.TrainingRecord;
import org.seqbench.study.memory.ForwardMemory;
import org.seqbench.study.task.RecallTask;
import org.seqbench.study.training.LossPoint;
import org.seqbench.study.training.StudyModel;

/** Verdicts on synthetic studies whose answers are known by construction. */
class ClaimsTest {
    private static final List<Integer> LENGTHS = List.of(16, 64, 256);
    private static final StudyConfig CONFIG = new StudyConfig("test", List.of("recall"),
            List.of("rnn", "lstm", "gru", "transformer"), LENGTHS, List.of(0.01), 2, 32, 640, 64, 100, "memory", 64,
            8, List.of(64, 256, 512, 1024), 8, 1);

    /** A study where everything the textbooks say happens. */
    private static StudyRecord textbook() {
        StudyRecord record = StudyRecord.start("s", "2026-12-02T00:00:00Z", "test machine", "djl (test)", CONFIG);
        List<ParameterCount> counts = new ArrayList<>();
        for (ModelKind kind : ModelKind.values()) {
            Parameters analytic = Parameters.of(StudyModel.spec(kind, new RecallTask(), 32));
            counts.add(new ParameterCount(kind.id(), analytic.encoder(), analytic.head(), analytic.total()));
        }
        record = record.withParameters(counts);
        record = record.with(gradient("rnn", GradientRecord.PYTORCH, 0.6));
        record = record.with(gradient("lstm", GradientRecord.PYTORCH, 0.62));
        record = record.with(gradient("lstm", GradientRecord.MEMORY, 0.97));
        record = record.with(gradient("gru", GradientRecord.MEMORY, 0.98));
        record = record.with(gradient("transformer", GradientRecord.PYTORCH, 1.0));
        for (int length : LENGTHS) {
            record = trained(record, "rnn", length, length == 16 ? 0.95 : 0.13, 0.6, 1.0);
            record = trained(record, "lstm", length, 0.99, 0.95, 1.0);
            record = trained(record, "gru", length, 0.99, 0.95, 0.8);
            record = trained(record, "transformer", length, 1.0, 1.0, 2.0);
        }
        for (String backend : List.of("onnx", "djl")) {
            for (int length : CONFIG.memoryLengths()) {
                long t = length;
                record = record.with(new ForwardMemory(backend, "transformer", length, 8, 32,
                        1_000_000 + 500 * t + 128 * t * t + (length % 3) * 1000L, 0L, null));
                record = record.with(new ForwardMemory(backend, "lstm", length, 8, 32, 200_000 + 300 * t, 0L,
                        null));
                record = record.with(new ForwardMemory(backend, "gru", length, 8, 32, 180_000 + 280 * t, 0L,
                        null));
            }
        }
        return record;
    }

    private static GradientRecord gradient(String kind, String start, double rho) {
        List<Double> norms = new ArrayList<>();
        for (int distance = 0; distance < 64; distance++) {
            norms.add(Math.pow(rho, distance) * (1 + 0.01 * Math.sin(distance)));
        }
        return new GradientRecord(kind, 64, start, norms, 16);
    }

    /** Two seeds at one rate; the RNN's trained gradient (at T = 64) decays by rho. */
    private static StudyRecord trained(StudyRecord record, String kind, int length, double accuracy, double rho,
            double secondsPerSequence) {
        for (long seed = 1; seed <= 2; seed++) {
            List<Double> norms = null;
            if (length == 64) {
                norms = new ArrayList<>();
                for (int distance = 0; distance < 64; distance++) {
                    norms.add(Math.pow(rho, distance));
                }
            }
            double first = 2.08;
            List<LossPoint> curve = List.of(new LossPoint(64, first), new LossPoint(320,
                    kind.equals("transformer") ? 1.5 : accuracy > 0.9 ? 0.5 : 2.0), new LossPoint(640,
                    accuracy > 0.9 ? 0.1 : 2.0));
            record = record.with(new TrainingRecord("recall", kind, length, 32, 640, 64, 0.01, seed, 100, 1,
                    "memory", accuracy, 0.1, 100, false, secondsPerSequence * 640, 0.1, curve, norms));
        }
        return record;
    }

    private static Claim claim(List<Claim> claims, String id) {
        return claims.stream().filter(claim -> claim.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void theTextbookStudyConfirmsTheGradientAndGateClaimsAndChecksTheArithmetic() {
        List<Claim> claims = Claims.of(new StudySummary(textbook()), Optional.empty());
        assertEquals(6, claims.size());
        Claim rnn = claim(claims, "rnn-gradients");
        assertEquals(Verdict.HOLDS, rnn.verdict(), rnn.evidence().toString());
        assertTrue(rnn.evidence().getFirst().contains("1.1^100 = 13780.6")
                && rnn.evidence().getFirst().contains("0.9^100 = 2.66e-05, not 0.003")
                && rnn.evidence().getFirst().contains("0.9^55"), rnn.evidence().getFirst());
        assertTrue(rnn.evidence().get(1).contains("rho 0.600") && rnn.evidence().get(1).contains("vanishes"),
                rnn.evidence().get(1));
        assertTrue(rnn.conditions().contains("hidden 32") && rnn.conditions().contains("640 training sequences")
                && rnn.conditions().contains("test machine"), rnn.conditions());
        assertEquals(Verdict.HOLDS, claim(claims, "gates").verdict(), claim(claims, "gates").evidence().toString());
    }

    @Test
    void theGruIsLeanerByExactlyAQuarterOfItsRecurrentPartButHereNotFasterEverywhere() {
        Claim gru = claim(Claims.of(new StudySummary(textbook()), Optional.empty()), "gru-lean");
        assertEquals(Verdict.HOLDS, gru.verdict(), "0.8 s against 1.0 s per sequence at every length: "
                + gru.evidence());
        assertTrue(gru.evidence().getFirst().contains("recurrent layers 25% fewer"), gru.evidence().getFirst());
    }

    @Test
    void withoutABenchmarkRunTheParallelismClaimIsNotMeasurableAndSaysWhatItNeeds() {
        Claim parallel = claim(Claims.of(new StudySummary(textbook()), Optional.empty()), "parallel");
        assertEquals(Verdict.NOT_MEASURABLE, parallel.verdict());
        assertTrue(parallel.evidence().getFirst().contains("--run RUN_DIR"), parallel.evidence().toString());
    }

    @Test
    void threadSpeedupsDecideTheParallelismClaimBackendByBackend() {
        ParallelismEvidence run = new ParallelismEvidence("r1", "m", List.of(
                new ParallelismEvidence.Scaling("onnx", "lstm", 1, 2, 256, 1.05),
                new ParallelismEvidence.Scaling("onnx", "transformer", 1, 2, 256, 1.7),
                new ParallelismEvidence.Scaling("djl", "lstm", 1, 2, 256, 1.5),
                new ParallelismEvidence.Scaling("djl", "transformer", 1, 2, 256, 1.55)), List.of(), List.of(),
                List.of(), List.of());
        Claim parallel = claim(Claims.of(new StudySummary(textbook()), Optional.of(run)), "parallel");
        assertEquals(Verdict.HOLDS_PARTLY, parallel.verdict(), "onnx shows it, djl does not: " + parallel.evidence());
        assertTrue(parallel.evidence().stream().anyMatch(line -> line.contains("No GPU backend")));
    }

    @Test
    void aTransformerThatRecallsAtEveryLengthWithQuadraticMemoryConfirmsTheAttentionClaim() {
        Claim attention = claim(Claims.of(new StudySummary(textbook()), Optional.empty()), "attention");
        assertEquals(Verdict.HOLDS, attention.verdict(), attention.evidence().toString());
        assertTrue(attention.evidence().stream().anyMatch(line -> line.contains("on onnx: quadratic term 128")),
                attention.evidence().toString());
    }

    @Test
    void thePreferenceClaimIsOnlyPartlyMeasuredBelowAThousandSteps() {
        Claim preference = claim(Claims.of(new StudySummary(textbook()), Optional.empty()), "preference");
        assertEquals(Verdict.HOLDS_PARTLY, preference.verdict(), preference.evidence().toString());
        assertTrue(preference.evidence().getFirst().contains("up to T=256 only"), preference.evidence().toString());
    }

    @Test
    void anRnnThatLearnsAtEveryLengthWithAFlatGradientRefutesTheClaim() {
        StudyRecord record = StudyRecord.start("s", "t", "m", "djl", CONFIG).with(gradient("rnn",
                GradientRecord.PYTORCH, 1.0));
        for (int length : LENGTHS) {
            record = trained(record, "rnn", length, 0.99, 1.0, 1.0);
        }
        Claim rnn = claim(Claims.of(new StudySummary(record), Optional.empty()), "rnn-gradients");
        assertEquals(Verdict.DOES_NOT_HOLD, rnn.verdict(), rnn.evidence().toString());
    }

    @Test
    void aGradientThatShrinksALittleEachStepOnlyDecaysSlowlyAndOneThatFallsAThousandfoldVanishes() {
        assertEquals("the gradient decays slowly", Claims.trend(new org.seqbench.study.gradient.RhoFit(0.984, 0.982,
                0.986, 64, 0.8)));
        assertEquals("the gradient vanishes", Claims.trend(new org.seqbench.study.gradient.RhoFit(0.62, 0.61, 0.63,
                64, 1)));
        assertEquals("the gradient explodes", Claims.trend(new org.seqbench.study.gradient.RhoFit(1.1, 1.09, 1.11,
                64, 1)));
        assertEquals("the gradient neither vanishes nor explodes", Claims.trend(
                new org.seqbench.study.gradient.RhoFit(1.0, 0.98, 1.02, 64, 0.1)));
    }

    @Test
    void withoutAnRnnTrainedOnRecallTheGatesHaveNothingToMitigateAgainst() {
        StudyRecord record = StudyRecord.start("s", "t", "m", "djl", CONFIG);
        for (int length : LENGTHS) {
            record = trained(record, "lstm", length, 0.99, 0.95, 1.0);
        }
        Claim gates = claim(Claims.of(new StudySummary(record), Optional.empty()), "gates");
        assertEquals(Verdict.NOT_MEASURABLE, gates.verdict(), gates.evidence().toString());
    }

    @Test
    void gatedKindsThatBeatTheRnnOnlyAtShortLengthsHoldOnlyPartly() {
        StudyRecord record = StudyRecord.start("s", "t", "m", "djl", CONFIG);
        for (int length : LENGTHS) {
            record = trained(record, "rnn", length, length == 16 ? 0.2 : 0.13, 0.6, 1.0);
            record = trained(record, "lstm", length, length == 256 ? 0.13 : 0.99, 0.95, 1.0);
            record = trained(record, "gru", length, length == 256 ? 0.13 : 0.99, 0.95, 1.0);
        }
        Claim gates = claim(Claims.of(new StudySummary(record), Optional.empty()), "gates");
        assertEquals(Verdict.HOLDS_PARTLY, gates.verdict(), gates.evidence().toString());
    }

    @Test
    void aDivergedScoreIsNothingLearned() {
        assertEquals(StudySummary.Learning.NOT_LEARNED, StudySummary.learning(new org.seqbench.study.task.AddingTask(),
                Double.NaN));
        assertEquals(StudySummary.Learning.LEARNED, StudySummary.learning(new org.seqbench.study.task.AddingTask(),
                0.01));
    }

    @Test
    void theAddingProblemCountsTooWhereTheGatedKindsLearnItAtAFewHundredStepsAndTheRnnDoesNot() {
        StudyConfig config = new StudyConfig("test", List.of("adding"), List.of("rnn", "lstm", "gru"), LENGTHS,
                List.of(0.01), 1, 32, 640, 64, 100, "memory", 64, 8, List.of(), 8, 1);
        StudyRecord record = StudyRecord.start("s", "t", "m", "djl", config);
        for (int length : LENGTHS) {
            record = adding(record, "rnn", length, 0.17);
            record = adding(record, "lstm", length, 0.002);
            record = adding(record, "gru", length, length == 256 ? 0.16 : 0.002);
        }
        Claim partly = claim(Claims.of(new StudySummary(record), Optional.empty()), "gates");
        assertEquals(Verdict.HOLDS_PARTLY, partly.verdict(), "the GRU fails at 256: " + partly.evidence());
        assertTrue(partly.evidence().stream().anyMatch(line -> line.startsWith("LSTM adding-problem error by length:"
                + " T=16 0.002 (learned)")), partly.evidence().toString());
        record = adding(StudyRecord.start("s", "t", "m", "djl", config), "rnn", 256, 0.17);
        record = adding(record, "lstm", 256, 0.002);
        record = adding(record, "gru", 256, 0.003);
        assertEquals(Verdict.HOLDS, claim(Claims.of(new StudySummary(record), Optional.empty()), "gates").verdict());
    }

    private static StudyRecord adding(StudyRecord record, String kind, int length, double mse) {
        return record.with(new TrainingRecord("adding", kind, length, 32, 640, 64, 0.01, 1, 100, 1, "memory", 0.5,
                mse, 100, false, 1, 0.1, List.of(new LossPoint(640, mse)), null));
    }
}
