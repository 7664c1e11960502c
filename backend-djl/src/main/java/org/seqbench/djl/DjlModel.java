package org.seqbench.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.BackendException;

/**
 * A model loaded into libtorch through DJL.
 *
 * <p>Memory is scoped in three levels, so that nothing accumulates over a long measurement: the parameters live in
 * the model's manager, freed on close; a prepared input and its constants (initial states, positional encoding)
 * live in a sub-manager freed when the input closes; and every forward pass opens a sub-manager of its own, to
 * which the input is attached for the call, so that every intermediate and the output land there and are freed
 * as soon as the output has been copied to the heap.
 */
final class DjlModel extends AbstractBackendModel<DjlModel.Input> {
    private final NDManager manager;
    private final Network network;
    private final int threads;
    private final boolean oneDnn;

    /** An input as a libtorch tensor, with the constants its shape needs, in a manager of its own. */
    static final class Input extends AbstractBackendModel.Prepared {
        private final NDManager manager;
        private final NDArray array;
        private final NDList constants;

        private Input(DjlModel owner, Tensor input, NDManager manager, NDArray array, NDList constants) {
            super(owner, input);
            this.manager = manager;
            this.array = array;
            this.constants = constants;
        }

        /** The manager holding this input's tensors. */
        NDManager manager() {
            return manager;
        }

        @Override
        protected void release() {
            manager.close();
        }
    }

    /**
     * @param manager holds the parameters; the model owns it from now on
     * @param threads intra-op threads applied in the calling thread, positive
     * @param oneDnn whether libtorch may run this model's LSTM with oneDNN ({@link OneDnn}), applied at every call
     */
    DjlModel(ModelSpec spec, Variant variant, NDManager manager, Network network, int threads, boolean oneDnn) {
        super(spec, variant.id(), Input.class);
        this.manager = manager;
        this.network = network;
        this.threads = threads;
        this.oneDnn = oneDnn;
    }

    /** The manager holding the parameters (tests count what it holds). */
    NDManager manager() {
        return manager;
    }

    @Override
    protected Input prepareInput(Tensor input) {
        NDManager inputManager = manager.newSubManager();
        try {
            NDArray array = Parameters.array(inputManager, input);
            NDList constants = network.constants(inputManager, input.dimension(0), input.dimension(1));
            return new Input(this, input, inputManager, array, constants);
        } catch (RuntimeException e) {
            inputManager.close();
            throw new BackendException("libtorch could not take an input of shape " + input.shapeText() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    protected Tensor run(Input input) {
        int[] shape = spec().outputShape(input.batch(), input.sequenceLength());
        CallingThread.prepare(threads, false);
        OneDnn.use(oneDnn);
        try (NDManager call = manager.newSubManager()) {
            // Results belong to the manager of the tensor an op is called on: with the input attached to this
            // call's manager, the whole pass lands here. Closing the manager gives the input back to its own.
            input.array.tempAttach(call);
            float[] values = network.forward(input.array, input.constants).toFloatArray();
            return new Tensor(shape, values);
        } catch (RuntimeException e) {
            throw new BackendException("libtorch failed to run the " + spec().describe() + " model on batch "
                    + input.batch() + ", sequence " + input.sequenceLength() + ": " + e.getMessage(), e);
        }
    }

    @Override
    protected void release() {
        network.close();
        manager.close();
    }
}
