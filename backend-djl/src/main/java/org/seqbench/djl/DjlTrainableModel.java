package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collection;
import java.util.Map;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.spi.AbstractTrainableModel;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.InputGradient;
import org.seqbench.spi.TrainingOptions;

/**
 * A model trained with libtorch's autograd: the same {@link Network} code as inference (libtorch's fused recurrent
 * ops, the NDArray-built Transformer), a {@link LossFunction}, {@code backward}, and a {@link ParameterUpdate}.
 *
 * <p>Memory is scoped as in {@link DjlModel}: parameters and optimizer state live in the model's manager; each
 * call opens a manager of its own and attaches the long-lived tensors to it for the call, so that the graph, the
 * gradients' handles and every intermediate are freed when the call returns.
 */
final class DjlTrainableModel extends AbstractTrainableModel {
    private final NDManager manager;
    private final Parameters parameters;
    private final Network network;
    private final ParameterUpdate update;
    private final int threads;
    private int steps;

    /**
     * @param manager holds the parameters and the optimizer's state; the model owns it from now on
     * @param threads intra-op threads applied in the calling thread, positive
     */
    DjlTrainableModel(ModelSpec spec, TrainingOptions options, NDManager manager, Parameters parameters,
            Network network, ParameterUpdate update, int threads) {
        super(spec, options);
        this.manager = manager;
        this.parameters = parameters;
        this.network = network;
        this.update = update;
        this.threads = threads;
        requireGradients(true);
    }

    /** The manager holding the parameters and optimizer state (tests count what it holds). */
    NDManager manager() {
        return manager;
    }

    @Override
    protected double trainStep(Tensor input, Tensor targets) {
        CallingThread.prepare(threads, true);
        try (NDManager call = manager.newSubManager()) {
            borrow(call, parameters.byName().values());
            borrow(call, update.state());
            NDArray loss = loss(call, Parameters.array(call, input), input, targets);
            double value = loss.getFloat();
            backward(loss);
            JniUtils.setGradMode(false);
            steps++;
            for (Map.Entry<String, NDArray> entry : parameters.byName().entrySet()) {
                NDArray parameter = entry.getValue();
                update.apply(entry.getKey(), parameter, parameter.getGradient(), steps);
                JniUtils.zeroGrad((PtNDArray) parameter);
            }
            return value;
        } catch (RuntimeException e) {
            throw failure("a training step", e);
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    @Override
    protected InputGradient lossAndInputGradient(Tensor input, Tensor targets) {
        CallingThread.prepare(threads, true);
        // Only the input's gradient is wanted: parameters stop asking for theirs for the call, so that nothing
        // accumulates into the next step's gradients and backward skips their work.
        requireGradients(false);
        try (NDManager call = manager.newSubManager()) {
            borrow(call, parameters.byName().values());
            NDArray array = Parameters.array(call, input);
            array.setRequiresGradient(true);
            NDArray loss = loss(call, array, input, targets);
            double value = loss.getFloat();
            backward(loss);
            return new InputGradient(value, new Tensor(input.shape(), array.getGradient().toFloatArray()));
        } catch (RuntimeException e) {
            throw failure("an input gradient", e);
        } finally {
            requireGradients(true);
            JniUtils.setGradMode(false);
        }
    }

    @Override
    protected Tensor output(Tensor input) {
        CallingThread.prepare(threads, false);
        try (NDManager call = manager.newSubManager()) {
            borrow(call, parameters.byName().values());
            NDArray array = Parameters.array(call, input);
            NDArray output = network.forward(array, network.constants(call, input.dimension(0), input.dimension(1)));
            return new Tensor(spec().outputShape(input.dimension(0), input.dimension(1)), output.toFloatArray());
        } catch (RuntimeException e) {
            throw failure("a forward pass", e);
        }
    }

    @Override
    protected Weights currentWeights() {
        return parameters.toWeights();
    }

    @Override
    protected void release() {
        network.close();
        manager.close();
    }

    /** Forward and loss of {@code input}, the tensor of {@code batch} in {@code call}. */
    private NDArray loss(NDManager call, NDArray input, Tensor batch, Tensor targets) {
        NDList constants = network.constants(call, batch.dimension(0), batch.dimension(1));
        NDArray output = network.forward(input, constants);
        return LossFunction.of(options().loss(), output, Parameters.array(call, targets));
    }

    private static void backward(NDArray loss) {
        PtNDArray scalar = (PtNDArray) loss;
        JniUtils.backward(scalar, (PtNDArray) scalar.onesLike(), false, false);
    }

    /**
     * Attaches long-lived tensors to a call's manager until it closes: results of operations called on them, and
     * the handles of their gradients, then belong to the call and are freed with it.
     */
    private static void borrow(NDManager call, Collection<NDArray> arrays) {
        arrays.forEach(array -> array.tempAttach(call));
    }

    private void requireGradients(boolean required) {
        parameters.byName().values().forEach(parameter -> parameter.setRequiresGradient(required));
    }

    private BackendException failure(String what, RuntimeException cause) {
        return new BackendException("libtorch failed to run " + what + " of the trainable " + spec().describe()
                + " model: " + cause.getMessage(), cause);
    }
}
