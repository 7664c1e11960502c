package org.seqbench.harness.cli;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

/**
 * A backend whose trials fail the way native engines do, registered for the harness's tests only (its
 * {@code META-INF/services} file is a test resource, so the trial JVMs the tests start find it on their class path).
 * It computes the float64 reference, so it passes the availability checks and the accuracy check in the trial's
 * setup; once armed ({@code --engine-option faulty.fault=armed}), every later forward pass fails by the cell's kind:
 * <ul>
 *   <li>rnn: reads address 0 through the FFM API, a real SIGSEGV in native code (the JVM crashes, no exception);
 *   <li>lstm: spins forever, deaf to interrupts;
 *   <li>gru: asks for an array larger than the JVM's whole heap ({@link OutOfMemoryError}).
 * </ul>
 * Unarmed (the default, which every other test sees) it is a sound reference, so discovering it harms nothing.
 */
public class FaultyBackendProvider extends ReferenceBackendProvider {
    static final String ID = "faulty";

    /** Read by the spinning pass and never cleared: a loop on a volatile field the JIT cannot remove. */
    private static volatile boolean spinning = true;

    public FaultyBackendProvider() {
        super(ReferenceBackendProvider.builder(ID).name("faulty reference (test: crashes, hangs, runs out of memory)")
                .kinds(ModelKind.RNN, ModelKind.LSTM, ModelKind.GRU)
                .settings(EngineSetting.perModel("fault", "off computes the reference; armed makes every pass after "
                        + "the accuracy check crash (rnn), hang (lstm) or exhaust the heap (gru)", "off", "armed"))
                // No matrix product: the machine's peak is measured on a real engine, never on this one.
                .withoutMatrixProduct());
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        BackendModel sound = super.load(spec, weights, options);
        return "armed".equals(options.settings().get("fault")) ? new Faulty(sound) : sound;
    }

    /** The reference on its first pass (the trial's accuracy check), the kind's fault on every pass after it. */
    private static final class Faulty extends DelegatingModel {
        private int passes;

        Faulty(BackendModel sound) {
            super(sound);
        }

        @Override
        public Tensor forward(PreparedInput input) {
            if (passes++ == 0) {
                return inner.forward(input);
            }
            switch (spec().kind()) {
                case RNN -> crash();
                case LSTM -> hang();
                case GRU -> exhaustHeap();
                default -> throw new IllegalStateException("faulty has no fault for " + spec().kind());
            }
            return inner.forward(input);
        }

        /** A load from address 0: the kernel sends SIGSEGV, which the JVM cannot turn into an exception. */
        private static void crash() {
            long value = MemorySegment.ofAddress(0).reinterpret(Long.BYTES).get(ValueLayout.JAVA_LONG, 0);
            throw new IllegalStateException("reading address 0 gave " + value + " instead of a crash");
        }

        private static void hang() {
            while (spinning) {
                Thread.onSpinWait();
            }
        }

        /**
         * One array larger than the heap's limit fails at once, without touching memory; where the limit is beyond
         * the largest array (16 GB of longs), arrays are held until the heap is full.
         */
        private static void exhaustHeap() {
            long words = Runtime.getRuntime().maxMemory() / Long.BYTES + 1;
            List<long[]> held = new ArrayList<>();
            while (true) {
                held.add(new long[(int) Math.min(words, Integer.MAX_VALUE - 8)]);
            }
        }
    }
}
