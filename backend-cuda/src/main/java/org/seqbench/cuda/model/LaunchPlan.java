package org.seqbench.cuda.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one forward pass does on the GPU for one input shape, as data: the buffers it needs and the matrix
 * products and kernel launches in stream order. The models build a plan when an input is prepared and only then
 * touch the GPU, so the shape, offset and stride arithmetic is checked (here, at construction) and testable
 * without one. A plan that passes these checks never makes a GEMM or a kernel argument reach outside its buffer.
 *
 * @param description the model and shape, for messages
 * @param buffers every buffer the steps use, weights included, names unique
 * @param steps the work in stream order
 * @param output the buffer holding the result when the pass ends; its first {@code outputShape} floats are it
 * @param outputShape the shape of the result, {@code ModelSpec.outputShape(batch, seq)}
 */
public record LaunchPlan(String description, List<Buffer> buffers, List<Step> steps, Buffer output,
        List<Integer> outputShape) {

    public LaunchPlan {
        buffers = List.copyOf(buffers);
        steps = List.copyOf(steps);
        outputShape = List.copyOf(outputShape);
        Map<String, Buffer> byName = new HashMap<>();
        for (Buffer buffer : buffers) {
            if (byName.putIfAbsent(buffer.name(), buffer) != null) {
                throw new IllegalArgumentException(description + ": two buffers are named " + buffer.name());
            }
        }
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            for (Buffer used : step.buffers()) {
                if (!used.equals(byName.get(used.name()))) {
                    throw new IllegalArgumentException(description + ": step " + i + " uses " + used
                            + ", which is not one of the plan's buffers");
                }
            }
            if (step instanceof Gemm gemm) {
                requireInside(description, i, gemm, "A", gemm.a(), gemm.strideA());
                requireInside(description, i, gemm, "B", gemm.b(), gemm.strideB());
                requireInside(description, i, gemm, "C", gemm.c(), gemm.strideC());
            }
        }
        if (!output.equals(byName.get(output.name()))) {
            throw new IllegalArgumentException(description + ": the output " + output + " is not one of the plan's buffers");
        }
        long outputFloats = outputShape.stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact);
        if (outputFloats > output.floats()) {
            throw new IllegalArgumentException(description + ": an output of shape " + outputShape + " needs "
                    + outputFloats + " floats, " + output.name() + " holds " + output.floats());
        }
    }

    /** The buffers of one role, in plan order. */
    public List<Buffer> buffers(Buffer.Role role) {
        return buffers.stream().filter(buffer -> buffer.role() == role).toList();
    }

    /** The buffer named {@code name}. */
    public Buffer buffer(String name) {
        return buffers.stream().filter(buffer -> buffer.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(description + " has no buffer named " + name));
    }

    /** Floats the result has: the product of {@link #outputShape}. */
    public int outputFloats() {
        return Math.toIntExact(outputShape.stream().mapToLong(Integer::longValue).reduce(1, Math::multiplyExact));
    }

    /** Floats of device memory the input's buffers take (everything but the weights, which the model holds). */
    public long preparedFloats() {
        return buffers.stream().filter(buffer -> buffer.role() != Buffer.Role.WEIGHT).mapToLong(Buffer::floats).sum();
    }

    /** The products of the plan, in order. */
    public List<Gemm> gemms() {
        return steps.stream().filter(Gemm.class::isInstance).map(Gemm.class::cast).toList();
    }

    /** The kernel launches of the plan, in order. */
    public List<Launch> launches() {
        return steps.stream().filter(Launch.class::isInstance).map(Launch.class::cast).toList();
    }

    private static void requireInside(String description, int index, Gemm gemm, String operand, Matrix matrix,
            long stride) {
        long end = Gemm.end(matrix, stride, gemm.batch());
        if (end > matrix.buffer().floats()) {
            throw new IllegalArgumentException(description + ": step " + index + " (" + gemm.product() + ") reads "
                    + operand + " up to float " + end + " of " + matrix.buffer().name() + ", which holds "
                    + matrix.buffer().floats());
        }
    }
}
