package org.seqbench.harness.measure;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The memory system's sustainable bandwidth, as STREAM's triad measures it: {@code a[i] = b[i] + s * c[i]} over
 * arrays far larger than the last-level cache, so that every element comes from and goes to DRAM. The JIT
 * vectorises the loop; at one FMA per 12 bytes it is bound by memory on any core.
 *
 * <p>Each thread owns its three arrays of {@code elements} floats (JMH gives every thread its own {@link Operands}),
 * allocated and first touched by that thread, so on a NUMA machine each thread streams its own node's memory. A
 * score is triads per second, all threads together; the probe multiplies it by the bytes of one.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TriadBenchmark extends ProbeBenchmark {

    /** One thread's arrays. */
    @State(Scope.Thread)
    public static class Operands {
        /** Floats in each of one thread's three arrays. */
        @Param("16777216")
        public int elements;

        float[] a;
        float[] b;
        float[] c;
        float scalar = 3f;

        @Setup(Level.Trial)
        public void allocate() {
            a = new float[elements];
            b = new float[elements];
            c = new float[elements];
            java.util.Arrays.fill(a, 0f);
            java.util.Arrays.fill(b, 1f);
            java.util.Arrays.fill(c, 2f);
        }
    }

    @Benchmark
    public float[] triad(Operands operands) {
        float[] a = operands.a;
        float[] b = operands.b;
        float[] c = operands.c;
        float s = operands.scalar;
        for (int i = 0; i < a.length; i++) {
            a[i] = b[i] + s * c[i];
        }
        return a;
    }
}
