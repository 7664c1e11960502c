// The element-wise and row-wise kernels of a post-norm Transformer encoder layer, PyTorch semantics, float32.
// Activations are row-major [B*T, width] with row b*T + t. The GEMMs run with beta = 0 and no bias: each bias is
// added by the kernel that follows its GEMM.

// ---------------------------------------------------------------- reductions over one block

// The two reductions the row kernels need, as one block-wide reduction over an operation with its identity.
struct Sum {
    static __device__ __forceinline__ float apply(float a, float b) { return a + b; }
    static __device__ __forceinline__ float identity() { return 0.0f; }
};

struct Max {
    static __device__ __forceinline__ float apply(float a, float b) { return fmaxf(a, b); }
    static __device__ __forceinline__ float identity() { return __int_as_float(0xff800000); }  // -infinity
};

template <typename Op>
__device__ __forceinline__ float warp_reduce(float value) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        value = Op::apply(value, __shfl_xor_sync(0xffffffffu, value, offset));
    }
    return value;
}

// blockDim.x must be a multiple of 32 and at most 1024; every thread of the block gets the result. `scratch` holds
// 32 floats of shared memory; the trailing barrier lets the next reduction reuse it.
template <typename Op>
__device__ float block_reduce(float value, float* scratch) {
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
    value = warp_reduce<Op>(value);
    if (lane == 0) {
        scratch[warp] = value;
    }
    __syncthreads();
    if (warp == 0) {
        value = lane < (int) (blockDim.x >> 5) ? scratch[lane] : Op::identity();
        value = warp_reduce<Op>(value);
        if (lane == 0) {
            scratch[0] = value;
        }
    }
    __syncthreads();
    value = scratch[0];
    __syncthreads();
    return value;
}

// ---------------------------------------------------------------- embedding

// x = (x + bias) * scale + pe[t] in place, for x = input . W_emb^T [B*T, width] and scale = sqrt(d_model).
// pe is the positional encoding table [T, width] (PE[pos, 2i] = sin(pos / 10000^(2i/d)), PE[pos, 2i+1] = cos(..)),
// computed in float64 on the host and rounded once, as the reference does: the float32 angle pos * 10000^(-2i/d)
// would be off by about pos * 6e-8 radians. One thread per element.
extern "C" __global__ void embed_scale_positional(float* __restrict__ x, const float* __restrict__ bias,
                                                  const float* __restrict__ pe, int rows, int steps, int width,
                                                  float scale) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) rows * width) {
        return;
    }
    int column = (int) (index % width);
    int t = (int) ((index / width) % steps);
    x[index] = (x[index] + bias[column]) * scale + pe[(long long) t * width + column];
}

// ---------------------------------------------------------------- attention

// qkv = x . in_proj_weight^T is [B*T, 3*d] with columns q | k | v (the rows of in_proj_weight are q, k, v). Adds
// in_proj_bias and scatters into heads = [3][B*heads, T, d/heads]: part p (0 q, 1 k, 2 v) starts at p*B*T*d, so
// the score and context products are each one strided-batched GEMM over B*heads. One thread per qkv element.
extern "C" __global__ void split_heads(const float* __restrict__ qkv, const float* __restrict__ bias,
                                       float* __restrict__ heads, int batch, int steps, int model, int head_count) {
    long long width = 3LL * model;
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) batch * steps * width) {
        return;
    }
    int column = (int) (index % width);
    long long row = index / width;
    int b = (int) (row / steps);
    int t = (int) (row % steps);
    int part = column / model;
    int within = column % model;
    int head_size = model / head_count;
    int head = within / head_size;
    int j = within % head_size;
    long long target = (long long) part * batch * steps * model
            + (((long long) b * head_count + head) * steps + t) * head_size + j;
    heads[target] = qkv[index] + bias[column];
}

// scores = softmax(scale * scores) over the last axis, in place, for row-major [rows, width]; one block per row.
// Subtracts the row's maximum before exponentiating, as the reference does, so large scores cannot overflow.
extern "C" __global__ void scaled_softmax(float* scores, int rows, int width, float scale) {
    __shared__ float scratch[32];
    if ((int) blockIdx.x >= rows) {
        return;
    }
    float* row = scores + (long long) blockIdx.x * width;
    float maximum = __int_as_float(0xff800000);  // -infinity
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        maximum = fmaxf(maximum, row[i] * scale);
    }
    maximum = block_reduce<Max>(maximum, scratch);
    float sum = 0.0f;
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        float e = expf(row[i] * scale - maximum);
        row[i] = e;
        sum += e;
    }
    sum = block_reduce<Sum>(sum, scratch);
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        row[i] = row[i] / sum;
    }
}

// The inverse of split_heads for the context: heads [B*heads, T, d/heads] -> merged [B*T, d] with head h in
// columns h*(d/heads) .. One thread per merged element, so the writes are coalesced.
extern "C" __global__ void merge_heads(const float* __restrict__ heads, float* __restrict__ merged, int batch,
                                       int steps, int model, int head_count) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) batch * steps * model) {
        return;
    }
    int column = (int) (index % model);
    long long row = index / model;
    int b = (int) (row / steps);
    int t = (int) (row % steps);
    int head_size = model / head_count;
    int head = column / head_size;
    int j = column % head_size;
    merged[index] = heads[(((long long) b * head_count + head) * steps + t) * head_size + j];
}

// ---------------------------------------------------------------- feed-forward and normalisation

// y = relu(y + bias) in place for [rows, width] (linear1's output). NaN stays NaN, as in torch.relu.
extern "C" __global__ void bias_relu(float* __restrict__ y, const float* __restrict__ bias, int rows, int width) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) rows * width) {
        return;
    }
    float value = y[index] + bias[index % width];
    y[index] = value < 0.0f ? 0.0f : value;
}

// x = LayerNorm(x + (y + bias)) * gamma + beta in place, row by row over [rows, width]; one block per row. y is a
// sublayer's GEMM output without its bias (out_proj or linear2). Mean, then the biased variance of the deviations
// (two passes, as nn.LayerNorm and the reference), eps inside the square root. Each thread re-reads only the
// elements it owns, so writing x in place is safe.
extern "C" __global__ void residual_layer_norm(float* x, const float* __restrict__ y,
                                               const float* __restrict__ bias, const float* __restrict__ gamma,
                                               const float* __restrict__ beta, int rows, int width, float eps) {
    __shared__ float scratch[32];
    if ((int) blockIdx.x >= rows) {
        return;
    }
    long long base = (long long) blockIdx.x * width;
    float sum = 0.0f;
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        sum += x[base + i] + (y[base + i] + bias[i]);
    }
    float mean = block_reduce<Sum>(sum, scratch) / width;
    float squares = 0.0f;
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        float deviation = x[base + i] + (y[base + i] + bias[i]) - mean;
        squares += deviation * deviation;
    }
    float inverse_deviation = rsqrtf(block_reduce<Sum>(squares, scratch) / width + eps);
    for (int i = threadIdx.x; i < width; i += blockDim.x) {
        float deviation = x[base + i] + (y[base + i] + bias[i]) - mean;
        x[base + i] = deviation * inverse_deviation * gamma[i] + beta[i];
    }
}
