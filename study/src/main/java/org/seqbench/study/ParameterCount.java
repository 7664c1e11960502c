package org.seqbench.study;

/**
 * A kind's parameters at the study's sizes: the analytic count ({@link org.seqbench.core.Parameters}) beside the
 * count of the tensors generated for it, which must agree.
 *
 * @param encoder the analytic count before the head (the recurrent layers, or the Transformer's encoder)
 * @param head the analytic count of the head
 * @param generated the scalars in the generated weights
 */
public record ParameterCount(String kind, long encoder, long head, long generated) {

    public long analytic() {
        return encoder + head;
    }

    public boolean agrees() {
        return analytic() == generated;
    }
}
