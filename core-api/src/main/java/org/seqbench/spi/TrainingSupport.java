package org.seqbench.spi;

import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/**
 * A backend's ability to train, found through {@link BackendProvider#training()}: the accuracy studies use it to
 * train the canonical models on synthetic tasks and to measure how the gradient flows back through time.
 *
 * <p>Contract for implementers: {@link #create} starts with {@link Training#checkCreatable}; the model computes
 * exactly the inference semantics of {@link org.seqbench.core.reference.ReferenceModel} (it passes the inference
 * conformance kit), the losses of {@link org.seqbench.core.Loss} and the update rules of
 * {@link TrainingOptions.Optimizer}; its tests extend {@code org.seqbench.conformance.TrainingConformanceKit}.
 */
public interface TrainingSupport {

    /** The kinds this backend can train. */
    Set<ModelKind> supportedKinds();

    /**
     * A trainable model starting from {@code initial} (copied: later steps never change the caller's tensors).
     *
     * @throws UnsupportedModelException if the kind cannot be trained here
     * @throws IllegalArgumentException if the loss cannot train the spec (cross-entropy without a head)
     * @throws org.seqbench.core.WeightsMismatchException if the weights do not match the spec
     * @throws BackendException if the backend is unavailable or the engine fails
     */
    TrainableModel create(ModelSpec spec, Weights initial, TrainingOptions options);
}
