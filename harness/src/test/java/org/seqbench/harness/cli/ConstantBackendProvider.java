package org.seqbench.harness.cli;

import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.DeviceTimed;
import org.seqbench.spi.Precision;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

/**
 * A backend that computes nothing per call, registered for the harness's tests only: measured through the real path
 * (ForwardBenchmark under JMH in a trial JVM) its latency is what that path itself costs per forward pass.
 *
 * <p>The output is the float64 reference's, rounded to float32, computed once when the input is prepared (outside
 * the measured region, as every backend's input conversion is); each forward pass returns that same tensor. So the
 * trial's accuracy check passes truthfully: the answer it checks is the correct one for the input it was given. It
 * offers fp32 and tf32 (the answer is exact in both), so that a sweep of several arithmetics runs on it.
 *
 * <p>It plays a model that times its device ({@link DeviceTimed}) with known figures: every fifth pass reports
 * {@link #FAST_DEVICE_MS}, the others {@link #DEVICE_MS}. Any five or more consecutive passes, as the harness runs
 * after a trial's measured iterations, have exactly that minimum and median, wherever in the cycle they begin.
 */
public class ConstantBackendProvider extends ReferenceBackendProvider {
    static final String ID = "constant";

    /** The device time most passes report, in ms: the median of any five or more consecutive passes. */
    static final double DEVICE_MS = 0.3;

    /** The device time every fifth pass reports, in ms: the minimum of any five or more consecutive passes. */
    static final double FAST_DEVICE_MS = 0.1;

    public ConstantBackendProvider() {
        super(ReferenceBackendProvider.builder(ID).name("prepared answer (test: the harness's own cost per call)")
                .precisions(Precision.FP32, Precision.TF32)
                // No matrix product: the machine's peak is measured on a real engine, never on this one.
                .withoutMatrixProduct());
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        return new Constant(super.load(spec, weights, options));
    }

    /** Prepares an input by running the reference on it once; forward returns what that gave. */
    private static final class Constant extends DelegatingModel implements DeviceTimed {
        private long passes;

        Constant(BackendModel reference) {
            super(reference);
        }

        @Override
        public double lastDeviceMillis() {
            return passes == 0 ? Double.NaN : passes % 5 == 0 ? FAST_DEVICE_MS : DEVICE_MS;
        }

        @Override
        public PreparedInput prepare(Tensor input) {
            PreparedInput prepared = inner.prepare(input);
            return new Answer(this, prepared, inner.forward(prepared));
        }

        @Override
        public Tensor forward(PreparedInput input) {
            if (!(input instanceof Answer answer) || answer.owner != this) {
                throw new IllegalArgumentException("the input was prepared by another model; prepare it with this one");
            }
            passes++;
            return answer.output;
        }
    }

    /** An input and the reference's output for it. */
    private record Answer(Constant owner, PreparedInput input, Tensor output) implements PreparedInput {
        @Override
        public int batch() {
            return input.batch();
        }

        @Override
        public int sequenceLength() {
            return input.sequenceLength();
        }

        @Override
        public void close() {
            input.close();
        }
    }
}
