package org.seqbench.cuda.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.WeightLayout;
import org.seqbench.spi.BackendException;

/** Collects a plan's buffers and steps; the weights' buffers come from the spec's canonical layout. */
final class PlanBuilder {
    private final String description;
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();

    PlanBuilder(ModelSpec spec, int batch, int sequenceLength) {
        if (batch < 1 || sequenceLength < 1) {
            throw new IllegalArgumentException("a plan needs batch and sequence length >= 1, got batch " + batch
                    + ", sequence " + sequenceLength);
        }
        this.description = spec.describe() + " at batch " + batch + ", sequence " + sequenceLength;
        for (WeightLayout.Parameter parameter : WeightLayout.of(spec)) {
            add(new Buffer(parameter.name(), Buffer.Role.WEIGHT, Tensor.elementCount(parameter.shapeArray())));
        }
    }

    String description() {
        return description;
    }

    /** The buffer of the weight named {@code name}. */
    Buffer weight(String name) {
        Buffer buffer = buffers.get(name);
        if (buffer == null || buffer.role() != Buffer.Role.WEIGHT) {
            throw new IllegalArgumentException(description + " has no weight named " + name);
        }
        return buffer;
    }

    /** A new buffer of {@code floats} float32 values. */
    Buffer buffer(String name, Buffer.Role role, long floats) {
        return add(new Buffer(name, role, floats));
    }

    void add(Step step) {
        steps.add(step);
    }

    /** {@code value} as a kernel or cuBLAS int argument, or a sentence saying the shape is too large. */
    int toInt(String what, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new BackendException(description + ": " + what + " is " + value + ", more than the "
                    + Integer.MAX_VALUE + " a 32-bit kernel or cuBLAS argument holds; use a smaller batch or sequence");
        }
        return (int) value;
    }

    LaunchPlan build(Buffer output, int[] outputShape) {
        return new LaunchPlan(description, List.copyOf(buffers.values()), steps, output,
                Arrays.stream(outputShape).boxed().toList());
    }

    private Buffer add(Buffer buffer) {
        if (buffers.putIfAbsent(buffer.name(), buffer) != null) {
            throw new IllegalArgumentException(description + " already has a buffer named " + buffer.name());
        }
        return buffer;
    }
}
