package org.seqbench.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;

/**
 * A deep-learning engine seqbench can measure, found with {@link java.util.ServiceLoader} (list the implementation
 * in {@code META-INF/services/org.seqbench.spi.BackendProvider}). The harness never names a backend class.
 *
 * <p>Contract for implementers:
 * <ul>
 *   <li>Extend {@link AbstractBackendProvider} with a {@link BackendDescriptor}: what the backend is and offers is
 *       then data, and only what needs the engine is code.</li>
 *   <li>Construction is cheap and never fails: native libraries are touched in {@link #availability()} or
 *       {@link #load}, and a machine that lacks them gets an unavailable answer with one clear reason.</li>
 *   <li>{@link #load} computes exactly the semantics of the float64 reference
 *       ({@link org.seqbench.core.reference.ReferenceModel}) for every kind it claims, or refuses with
 *       {@link UnsupportedModelException}; it never approximates silently. It starts with
 *       {@link Backends#checkLoadable}, so every backend rejects bad requests with the same messages, and finds
 *       the variant to build with {@link BackendDescriptor#variant}.</li>
 *   <li>Every backend's tests extend the conformance kit ({@code org.seqbench.conformance.BackendConformanceKit}
 *       in core-api's test-jar).</li>
 * </ul>
 */
public interface BackendProvider {

    /** Short lower-case id used on the command line and in results: {@code onnx}, {@code djl}, {@code dl4j}. */
    String id();

    /** The engine's name for people, e.g. "ONNX Runtime". */
    String name();

    /** Whether the engine can run here; cached by the provider after the first call. */
    Availability availability();

    /** The engine's version, e.g. "1.29.0"; "unknown" if it cannot be determined. */
    String engineVersion();

    /** Where models run, e.g. "cpu" or "cuda:0 NVIDIA H100". */
    String device();

    /** The kinds this backend computes exactly. */
    Set<ModelKind> supportedKinds();

    /**
     * The implementations this backend offers for {@code kind} (for example a graph of standard operators and a
     * fused attention operator), default first. Each is a distinct measurable path and passes the conformance kit.
     */
    List<String> variants(ModelKind kind);

    /** The precisions the backend computes in. */
    Set<Precision> precisions();

    /** Whether {@link RunOptions#threads()} changes how many threads the engine uses. */
    boolean honoursThreads();

    /**
     * The engine settings this backend honours, each with its accepted values and default: what a run may put in
     * {@link RunOptions#settings()}. {@link Backends#checkLoadable} refuses any other key or value.
     */
    default List<EngineSetting> settings() {
        return List.of();
    }

    /**
     * Loads a model.
     *
     * @throws BackendException if the backend is unavailable, the kind, variant or precision is not supported
     *     ({@link UnsupportedModelException}), or the engine fails
     * @throws org.seqbench.core.WeightsMismatchException if the weights do not match the spec
     */
    BackendModel load(ModelSpec spec, Weights weights, RunOptions options);

    /**
     * The backend's ability to train models (training steps and input gradients), if it has one. The default is
     * none: most backends only run inference.
     */
    default Optional<TrainingSupport> training() {
        return Optional.empty();
    }

    /**
     * This backend's float32 matrix product, with which the harness measures the machine's peak once per run;
     * empty when the backend offers none. Asked only of an available backend.
     */
    default Optional<MatrixProduct> matrixProduct() {
        return Optional.empty();
    }
}
