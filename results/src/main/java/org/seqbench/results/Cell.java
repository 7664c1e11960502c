package org.seqbench.results;

import com.fasterxml.jackson.annotation.JsonAlias;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;

/**
 * One point of a sweep: a backend (and its variant, device and precision) running one model shape with one
 * thread count. The model's full {@link ModelSpec} is part of the coordinates, so a cell can be re-created alone.
 * Named as in {@link ModelSpec} ({@code kind}, {@code hiddenSize}); records of earlier seqbench versions called them
 * {@code model} and {@code hidden}, which still read.
 */
public record Cell(
        String backend,
        String variant,
        String device,
        String precision,
        @JsonAlias("model") ModelKind kind,
        int seqLen,
        int batch,
        @JsonAlias("hidden") int hiddenSize,
        int layers,
        int threads,
        int inputSize,
        int heads,
        int ffnSize,
        int outputSize,
        boolean bidirectional) {

    /** The model this cell runs. */
    public ModelSpec spec() {
        return new ModelSpec(kind, inputSize, hiddenSize, layers, bidirectional, heads, ffnSize, outputSize);
    }

    /** A stable key, unique within a run: {@code onnx/fused-op/lstm/T64/B8/H128/L1/t1}. */
    public String key() {
        return backend + "/" + variant + "/" + kind.id() + "/T" + seqLen + "/B" + batch + "/H" + hiddenSize + "/L"
                + layers + "/t" + threads + (bidirectional ? "/bi" : "") + "/" + precision + "/" + device;
    }

    /** A short label for progress lines: {@code onnx lstm T=64 B=8 H=128 L=1 threads=1}. */
    public String label() {
        return engine() + " " + kind.id() + " " + shape();
    }

    /**
     * The label without the kind, for a chart or table that holds one kind only:
     * {@code onnx[fused-op] T=64 B=8 H=128 L=1 threads=1}.
     */
    public String labelWithinKind() {
        return engine() + " " + shape();
    }

    private String engine() {
        return backend + (variant.isEmpty() ? "" : "[" + variant + "]");
    }

    private String shape() {
        return "T=" + seqLen + " B=" + batch + " H=" + hiddenSize + " L=" + layers + (bidirectional ? " bi" : "")
                + " threads=" + threads;
    }

    /** Tokens (positions) processed by one forward pass. */
    public long tokens() {
        return (long) seqLen * batch;
    }
}
