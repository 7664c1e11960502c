package org.seqbench.core;

/** How {@link Weights#initialise(ModelSpec, long, WeightInit)} draws a model's parameters. */
public enum WeightInit {
    /**
     * PyTorch's default initialisation ranges: recurrent parameters U(-1/sqrt(H), 1/sqrt(H)); {@code nn.Linear}
     * U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias; attention {@code in_proj_weight} Xavier-uniform with
     * zero {@code in_proj_bias} and zero {@code out_proj.bias}; LayerNorm weight 1 and bias 0.
     */
    PYTORCH_DEFAULT,
    /**
     * Every parameter random, including the ones PyTorch starts at a constant (attention biases, LayerNorm
     * scales and shifts): constants c become U(c - 0.5, c + 0.5). A backend that drops or misplaces a bias or a
     * norm's affine parameters matches the reference under {@link #PYTORCH_DEFAULT} by luck but not under this.
     */
    ALL_RANDOM
}
