// A kernel of the device layer's own tests (not a model's): multiplies n floats in place by a factor.
extern "C" __global__ void scale(float* data, float factor, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        data[i] *= factor;
    }
}

// Adds a long long offset to each index it writes, so that a 64-bit argument is checked too.
extern "C" __global__ void iota(float* data, long long start, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        data[i] = (float) (start + i);
    }
}
