package org.seqbench.spi;

import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;

/**
 * The bookkeeping every {@link TrainableModel} needs, so that each backend only writes its engine calls: the
 * closed state and the checks of inputs and targets.
 */
public abstract class AbstractTrainableModel implements TrainableModel {
    private final ModelSpec spec;
    private final TrainingOptions options;
    private boolean closed;

    protected AbstractTrainableModel(ModelSpec spec, TrainingOptions options) {
        this.spec = spec;
        this.options = options;
    }

    @Override
    public final ModelSpec spec() {
        return spec;
    }

    @Override
    public final TrainingOptions options() {
        return options;
    }

    @Override
    public final double step(Tensor input, Tensor targets) {
        checkBatch(input, targets);
        return trainStep(input, targets);
    }

    @Override
    public final InputGradient inputGradient(Tensor input, Tensor targets) {
        checkBatch(input, targets);
        InputGradient gradient = lossAndInputGradient(input, targets);
        if (!gradient.gradient().hasShape(input.shape())) {
            throw new IllegalStateException("the backend returned an input gradient of shape "
                    + gradient.gradient().shapeText() + " for an input of shape " + input.shapeText());
        }
        return gradient;
    }

    @Override
    public final Tensor forward(Tensor input) {
        requireOpen();
        spec.requireInput(input);
        return output(input);
    }

    @Override
    public final Weights weights() {
        requireOpen();
        return currentWeights();
    }

    @Override
    public final void close() {
        if (!closed) {
            closed = true;
            release();
        }
    }

    /** Forward, loss, backward and update on a checked batch; returns the loss before the update. */
    protected abstract double trainStep(Tensor input, Tensor targets);

    /** The loss and dLoss/dInput on a checked batch, leaving the parameters and their gradients as they were. */
    protected abstract InputGradient lossAndInputGradient(Tensor input, Tensor targets);

    /** The output for a checked input. */
    protected abstract Tensor output(Tensor input);

    /** A copy of the current parameters under their canonical names. */
    protected abstract Weights currentWeights();

    /** Frees the engine's resources; called once. */
    protected abstract void release();

    private void checkBatch(Tensor input, Tensor targets) {
        requireOpen();
        spec.requireInput(input);
        options.loss().requireTargets(spec, input, targets);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the trainable " + spec.kind().id() + " model is closed");
        }
    }
}
