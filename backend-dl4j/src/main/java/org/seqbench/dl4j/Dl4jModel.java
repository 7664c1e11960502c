package org.seqbench.dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.spi.AbstractBackendModel;
import org.seqbench.spi.BackendException;

/** A model loaded into ND4J: one {@link Network} and the thread count it runs with. */
final class Dl4jModel extends AbstractBackendModel<Dl4jModel.Input> {
    private final Network network;
    private final EngineThreads threads;
    private final int threadCount;

    /** An input as the engine arrays its network reads; closing it frees them. */
    static final class Input extends AbstractBackendModel.Prepared {
        private final Feeds feeds;

        private Input(Dl4jModel owner, Tensor input, Feeds feeds) {
            super(owner, input);
            this.feeds = feeds;
        }

        Feeds feeds() {
            return feeds;
        }

        @Override
        protected void release() {
            feeds.close();
        }
    }

    Dl4jModel(ModelSpec spec, Variant variant, Network network, EngineThreads threads, int threadCount) {
        super(spec, variant.id(), Input.class);
        this.network = network;
        this.threads = threads;
        this.threadCount = threadCount;
    }

    @Override
    protected Input prepareInput(Tensor input) {
        return EngineErrors.guard(() -> "take an input of shape " + input.shapeText(),
                () -> new Input(this, input, network.prepare(input)));
    }

    @Override
    protected Tensor run(Input input) {
        int[] shape = spec().outputShape(input.batch(), input.sequenceLength());
        threads.use(threadCount);
        // The sentence is built only on failure: this is the measured call.
        INDArray output = EngineErrors.guard(() -> "run the " + variant() + " " + spec().describe()
                + " model on batch " + input.batch() + ", sequence " + input.sequenceLength(),
                () -> network.forward(input.feeds()));
        try {
            long[] expected = Arrays.stream(shape).asLongStream().toArray();
            if (!Arrays.equals(output.shape(), expected)) {
                throw new BackendException("ND4J returned an output of shape " + Arrays.toString(output.shape())
                        + " where the " + spec().kind().id() + " model produces " + Arrays.toString(shape));
            }
            return new Tensor(shape, NdArrays.toHost(output));
        } finally {
            output.close();
        }
    }

    @Override
    protected void release() {
        network.close();
    }
}
