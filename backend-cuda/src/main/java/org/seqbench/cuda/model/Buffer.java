package org.seqbench.cuda.model;

/**
 * A device buffer a {@link LaunchPlan} refers to, by name and size in float32 elements: the model's memory layout
 * as data, so that it can be checked on a machine without a GPU.
 *
 * @param name a weight's PyTorch state_dict name, or the workspace's name
 * @param role where the buffer's contents come from
 * @param floats its size in float32 elements
 */
public record Buffer(String name, Role role, long floats) {

    /** Where a buffer's contents come from, which decides when it is allocated and filled. */
    public enum Role {
        /** A model parameter: uploaded once when the model loads. */
        WEIGHT,
        /** The batch-first input {@code [batch, seq, inputSize]}: uploaded when the input is prepared. */
        INPUT,
        /** A constant computed on the host for the input's shape (the positional encoding): uploaded at prepare. */
        TABLE,
        /** Written by the pass itself: allocated at prepare. */
        WORKSPACE
    }

    public Buffer {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a buffer needs a name, got '" + name + "'");
        }
        if (role == null) {
            throw new IllegalArgumentException("buffer " + name + " needs a role");
        }
        if (floats < 1) {
            throw new IllegalArgumentException("buffer " + name + " must hold at least one float, got " + floats);
        }
    }
}
