// Element-wise kernels shared by the recurrent and Transformer models, float32.

// y[r, c] += bias[c] for a row-major [rows, width] matrix, one thread per element: the bias of the last-step head,
// whose GEMM runs with beta = 0.
extern "C" __global__ void add_bias(float* __restrict__ y, const float* __restrict__ bias, int rows, int width) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) rows * width) {
        return;
    }
    y[index] += bias[index % width];
}
