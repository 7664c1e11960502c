package org.seqbench.harness.measure;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The core's arithmetic limit: nothing but independent fused multiply-adds on the widest vectors the JIT offers
 * ({@link FloatVector#SPECIES_PREFERRED}: 512-bit {@code vfmadd} on AVX-512 cores), no memory traffic at all. No
 * engine can run float32 arithmetic faster on the same cores, so every cell's GFLOP/s is at most this.
 *
 * <p>Each call runs {@value #CHAINS} chains of {@value #ROUNDS} FMAs. One chain waits for its own previous result,
 * so a core reaches its limit only with more chains in flight than FMA latency times FMA ports (4 x 2 = 8 on
 * AVX-512 Intel cores, 5 x 2 = 10 on Haswell); 12 covers those and still leaves AVX2's 16 vector registers
 * enough for the two operands; more chains than a core needs cost nothing. Each chain converges to {@code offset / (1 - scale)}, so the values stay normal
 * (denormals would slow the FMAs) and the JIT cannot fold them.
 *
 * <p>A score is calls per second, all threads together; the probe multiplies it by the FLOPs of one call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FmaBenchmark extends ProbeBenchmark {
    /** Independent accumulator chains per call. */
    public static final int CHAINS = 12;
    /** FMAs per chain per call: enough that the call and the final sum are negligible beside them. */
    public static final int ROUNDS = 1024;
    /** Fact naming the vector width, in bits, that the fork's JIT chose. */
    public static final String VECTOR_BITS = "vectorBits";
    /** Fact naming the float lanes per vector. */
    public static final String LANES = "lanes";

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    // Fields, not constants, so that the JIT cannot know the operands.
    private float scale = 0.5f;
    private float offset = 0.25f;

    @Override
    protected Map<String, String> kernelFacts() {
        return Map.of(VECTOR_BITS, String.valueOf(SPECIES.vectorBitSize()),
                LANES, String.valueOf(SPECIES.length()));
    }

    @Benchmark
    public float fma() {
        FloatVector a = FloatVector.broadcast(SPECIES, scale);
        FloatVector b = FloatVector.broadcast(SPECIES, offset);
        FloatVector c0 = b;
        FloatVector c1 = a;
        FloatVector c2 = a.add(b);
        FloatVector c3 = a.sub(b);
        FloatVector c4 = a.mul(b);
        FloatVector c5 = a.mul(a);
        FloatVector c6 = b.mul(b);
        FloatVector c7 = a.neg();
        FloatVector c8 = b.neg();
        FloatVector c9 = c2.neg();
        FloatVector c10 = c3.neg();
        FloatVector c11 = c4.neg();
        for (int i = 0; i < ROUNDS; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
            c8 = c8.fma(a, b);
            c9 = c9.fma(a, b);
            c10 = c10.fma(a, b);
            c11 = c11.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
