package org.seqbench.harness.cli;

import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.BackendModel;
import org.seqbench.spi.PreparedInput;
import org.seqbench.spi.RunOptions;

/**
 * A backend that computes nothing per call, registered for the harness's tests only: measured through the real path
 * (ForwardBenchmark under JMH in a trial JVM) its latency is what that path itself costs per forward pass.
 *
 * <p>The output is the float64 reference's, rounded to float32, computed once when the input is prepared (outside
 * the measured region, as every backend's input conversion is); each forward pass returns that same tensor. So the
 * trial's accuracy check passes truthfully: the answer it checks is the correct one for the input it was given.
 */
public class ConstantBackendProvider extends ReferenceBackendProvider {
    static final String ID = "constant";

    public ConstantBackendProvider() {
        super(ReferenceBackendProvider.builder(ID).name("prepared answer (test: the harness's own cost per call)")
                // No matrix product: the machine's peak is measured on a real engine, never on this one.
                .withoutMatrixProduct());
    }

    @Override
    public BackendModel load(ModelSpec spec, Weights weights, RunOptions options) {
        return new Constant(super.load(spec, weights, options));
    }

    /** Prepares an input by running the reference on it once; forward returns what that gave. */
    private static final class Constant extends DelegatingModel {
        Constant(BackendModel reference) {
            super(reference);
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
