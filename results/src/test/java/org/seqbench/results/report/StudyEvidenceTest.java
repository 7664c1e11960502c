package org.seqbench.results.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.seqbench.core.ModelKind;
import org.seqbench.results.Environment;
import org.seqbench.results.RunRecord;
import org.seqbench.results.analysis.Analysis;
import org.seqbench.results.analysis.SyntheticRun;
import org.seqbench.study.claims.ParallelismEvidence;
import org.seqbench.study.claims.ParallelismEvidence.Latency;
import org.seqbench.study.claims.ParallelismEvidence.Scaling;

/**
 * The claims' parallelism evidence read off a run whose latencies follow a known law: the LSTM
 * {@code 0.01 T sqrt(B)} ms, 1.1x faster on 2 threads; the Transformer {@code 0.001 T^2 B^0.25} ms, 1.8x faster.
 */
class StudyEvidenceTest {
    private static final SyntheticRun.Law LAW = (kind, t, b, threads) -> kind == ModelKind.LSTM
            ? 0.01 * t * Math.sqrt(b) / (threads == 2 ? 1.1 : 1)
            : 0.001 * t * t * Math.pow(b, 0.25) / (threads == 2 ? 1.8 : 1);

    private static SyntheticRun run() {
        return new SyntheticRun("evidence", List.of(ModelKind.LSTM, ModelKind.TRANSFORMER), List.of(16, 64, 256),
                List.of(1, 8), List.of(1, 2));
    }

    @Test
    void threadSpeedupIsAtTheMostThreadsAndTheLongestUndisturbedLength() {
        // The LSTM's 2-thread cell at T=256, batch 1 is contended: its speedup comes from T=256 at batch 8.
        ParallelismEvidence evidence = StudyEvidence.of(Analysis.of(run().contended("lstm/256/1/2").record(LAW)));
        assertEquals("evidence", evidence.runId());
        assertEquals("Test CPU, 2 logical cores", evidence.machine());
        assertEquals(2, evidence.threadScaling().size());
        Scaling lstm = scaling(evidence.threadScaling(), "lstm");
        assertEquals(List.of(1, 2, 256), List.of(lstm.from(), lstm.to(), lstm.seq()));
        assertEquals(1.1, lstm.factor(), 1e-9);
        Scaling transformer = scaling(evidence.threadScaling(), "transformer");
        assertEquals(List.of(1, 2, 256), List.of(transformer.from(), transformer.to(), transformer.seq()));
        assertEquals(1.8, transformer.factor(), 1e-9);
    }

    @Test
    void aPairWhoseSpeedupsAreAllDisturbedKeepsTheLongestOne() {
        ParallelismEvidence evidence = StudyEvidence.of(Analysis.of(run()
                .contended("lstm/256/1/2", "lstm/256/8/2", "lstm/64/1/2", "lstm/64/8/2").record(LAW)));
        Scaling lstm = scaling(evidence.threadScaling(), "lstm");
        assertEquals(16, lstm.seq(), "the longest length with an undisturbed speedup");
    }

    @Test
    void batchGainIsFromTheSmallestToTheLargestBatchAtTheLongestLength() {
        ParallelismEvidence evidence = StudyEvidence.of(Analysis.of(run().record(LAW)));
        Scaling lstm = scaling(evidence.batchScaling(), "lstm");
        assertEquals(List.of(1, 8, 256), List.of(lstm.from(), lstm.to(), lstm.seq()));
        assertEquals(8 / Math.sqrt(8), lstm.factor(), 1e-9, "throughput gain: 8 sequences in sqrt(8) the time");
        Scaling transformer = scaling(evidence.batchScaling(), "transformer");
        assertEquals(8 / Math.pow(8, 0.25), transformer.factor(), 1e-9);
    }

    @Test
    void lengthScalingIsThePowerLawsExponentOverTheMeasuredLengths() {
        ParallelismEvidence evidence = StudyEvidence.of(Analysis.of(run().record(LAW)));
        Scaling lstm = scaling(evidence.lengthScaling(), "lstm");
        assertEquals(List.of(16, 256, 256), List.of(lstm.from(), lstm.to(), lstm.seq()));
        assertEquals(1.0, lstm.factor(), 1e-9);
        assertEquals(2.0, scaling(evidence.lengthScaling(), "transformer").factor(), 1e-9);
    }

    @Test
    void latenciesAreAtBatchOneAndTheFewestThreadsPerLength() {
        ParallelismEvidence evidence = StudyEvidence.of(Analysis.of(run().record(LAW)));
        assertEquals(6, evidence.latencies().size(), "2 kinds x 3 lengths");
        Latency lstm = evidence.latencies().stream().filter(latency -> latency.kind().equals("lstm")
                && latency.seq() == 256).findFirst().orElseThrow();
        assertEquals(0.01 * 256, lstm.milliseconds(), 1e-9);
        Latency transformer = evidence.latencies().stream().filter(latency -> latency.kind().equals("transformer")
                && latency.seq() == 64).findFirst().orElseThrow();
        assertEquals(0.001 * 64 * 64, transformer.milliseconds(), 1e-9);
    }

    @Test
    void gpuBackendsAreThoseWhoseRecordedDeviceIsAGpu() {
        RunRecord cpu = run().record(LAW);
        assertEquals(List.of(), StudyEvidence.of(Analysis.of(cpu)).gpuBackends());
        Environment environment = cpu.environment();
        Environment onGpu = new Environment(environment.cpuModel(), environment.logicalCores(),
                environment.memoryBytes(), environment.os(), environment.jvm(), environment.hostname(),
                environment.gitCommit(), environment.seqbenchVersion(), List.of(
                        new Environment.BackendInfo("onnx", "ONNX Runtime", "1.29.0", "cuda:0 NVIDIA H200", true,
                                null),
                        new Environment.BackendInfo("idle", "Unmeasured", "1", "cuda:1", true, null)),
                environment.threadEnvironment(), environment.peaks(), environment.fmaPeaks(),
                environment.bandwidths());
        assertEquals(List.of("onnx"), StudyEvidence.of(Analysis.of(cpu.withEnvironment(onGpu))).gpuBackends(),
                "a backend on a GPU with measured cells; one without cells did not run");
    }

    @Test
    void refusesAnAnalysisOfNoRun() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> StudyEvidence.of(Analysis.of(List.of())));
        assertEquals("parallelism evidence needs a benchmark run, got none", refused.getMessage());
    }

    private static Scaling scaling(List<Scaling> scalings, String kind) {
        List<Scaling> found = scalings.stream().filter(scaling -> scaling.kind().equals(kind)).toList();
        assertEquals(1, found.size(), "one figure per backend and kind: " + scalings);
        assertEquals("onnx", found.getFirst().backend());
        return found.getFirst();
    }
}
