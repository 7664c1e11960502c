package org.seqbench.study.memory;

import java.util.Objects;

/**
 * The memory one forward pass of one model takes at one sequence length, measured in a JVM of its own so that
 * earlier points (an engine's arena, a grown heap) do not shape it. A point either has its figures or says why not.
 *
 * @param backend the backend's id, e.g. {@code onnx}
 * @param kind the model kind's id ({@link org.seqbench.core.ModelKind#id()}), e.g. {@code transformer}
 * @param length the sequence length T of the measured pass
 * @param batch sequences in the pass
 * @param hiddenSize the model's hidden size (d_model for the Transformer)
 * @param residentBytes the peak resident set during the pass (VmHWM after it, the kernel's peak having been reset
 *     just before) minus the resident set just before it (VmRSS): native memory included, never negative; null
 *     when not measured
 * @param heapBytes the Java heap in use after the pass minus before it. It can be negative: a collection during the
 *     pass frees garbage that was there before it, so it is kept as read rather than clamped, and the resident
 *     figure is the one to chart; null when not measured
 * @param failure null when measured, else one line saying why not (backend unavailable, engine error, timed out,
 *     no /proc)
 */
public record ForwardMemory(String backend, String kind, int length, int batch, int hiddenSize, Long residentBytes,
        Long heapBytes, String failure) {

    public ForwardMemory {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(kind, "kind");
        if (failure == null && (residentBytes == null || heapBytes == null)) {
            throw new IllegalArgumentException("a measured point of " + backend + " " + kind + " at T=" + length
                    + " needs both its resident and heap figures, got resident " + residentBytes + ", heap "
                    + heapBytes);
        }
        if (failure != null && failure.isBlank()) {
            throw new IllegalArgumentException("a failed point must say why");
        }
        if (residentBytes != null && residentBytes < 0) {
            throw new IllegalArgumentException("residentBytes is a peak above a baseline and cannot be negative, got "
                    + residentBytes);
        }
    }

    /** A point that could not be measured, for {@code reason}. */
    public static ForwardMemory failed(String backend, String kind, int length, int batch, int hiddenSize,
            String reason) {
        return new ForwardMemory(backend, kind, length, batch, hiddenSize, null, null, reason);
    }

    /** Whether the point has its figures. */
    public boolean measured() {
        return failure == null;
    }
}
