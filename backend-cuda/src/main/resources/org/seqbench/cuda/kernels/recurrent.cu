// One time step of one direction of a recurrent layer (RNN tanh, LSTM, GRU), PyTorch semantics, float32.
// One thread per (sequence b, hidden unit j); launch at least batch*hidden threads in a 1-D grid.
//
// Buffers, all row-major:
//   xproj  [directions][B, T, G*H]  x_t . W_ih^T for every step, WITHOUT b_ih; G = 1 (RNN), 4 (LSTM), 3 (GRU)
//   hproj  [directions][B, G*H]     h_prev . W_hh^T of this step, WITHOUT b_hh
//   bias_ih, bias_hh [G*H]          this layer's and direction's biases; both are added here, so the GEMMs run
//                                   with beta = 0 and no bias has to be broadcast
//   cell   [directions][B, H]       LSTM cell state, updated in place
//   out    [B, T, directions*H]     layer output; direction d owns columns d*H .. d*H+H-1, so a bidirectional
//                                   layer's two directions fill the two halves of each position
// The forward direction (direction 0) visits t = 0 .. T-1, the reverse one (direction 1) t = T-1 .. 0; the
// previous state of step t is the output at t-1 (forward) or t+1 (reverse). A direction's first step starts from
// zero state: there the kernel reads neither hproj nor the previous output nor the cell, so nothing needs to be
// cleared between passes (and the caller skips that step's recurrent GEMM).
// Gate blocks follow PyTorch: LSTM i, f, g, o; GRU r, z, n.

__device__ __forceinline__ float sigmoid_f32(float x) {
    // expf rather than __expf: the result is compared with a float64 reference.
    return 1.0f / (1.0f + expf(-x));
}

// Whether step t is the first one its direction visits.
__device__ __forceinline__ bool first_step(int direction, int t, int steps) {
    return direction == 0 ? t == 0 : t == steps - 1;
}

// Position of the previous state of step t (valid when t is not the first step).
__device__ __forceinline__ int previous_position(int direction, int t) {
    return direction == 0 ? t - 1 : t + 1;
}

// Offset of out[b, position, direction*H + 0].
__device__ __forceinline__ long long output_offset(int b, int position, int steps, int hidden, int directions,
                                                   int direction) {
    return ((long long) b * steps + position) * directions * hidden + (long long) direction * hidden;
}

// h' = tanh(W_ih x + b_ih + W_hh h + b_hh)
extern "C" __global__ void rnn_tanh_step(const float* __restrict__ xproj, const float* __restrict__ hproj,
                                         const float* __restrict__ bias_ih, const float* __restrict__ bias_hh,
                                         float* out, int batch, int steps, int hidden, int directions,
                                         int direction, int t) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) batch * hidden) {
        return;
    }
    int b = (int) (index / hidden);
    int j = (int) (index % hidden);
    bool first = first_step(direction, t, steps);
    const float* x = xproj + (((long long) direction * batch + b) * steps + t) * hidden;
    const float* h = hproj + ((long long) direction * batch + b) * hidden;
    float recurrent = (first ? 0.0f : h[j]) + bias_hh[j];
    out[output_offset(b, t, steps, hidden, directions, direction) + j] = tanhf(x[j] + bias_ih[j] + recurrent);
}

// Gates i, f, g, o of (W_ih x + b_ih + W_hh h + b_hh); c' = f*c + i*g; h' = o*tanh(c').
extern "C" __global__ void lstm_step(const float* __restrict__ xproj, const float* __restrict__ hproj,
                                     const float* __restrict__ bias_ih, const float* __restrict__ bias_hh,
                                     float* __restrict__ cell, float* out, int batch, int steps, int hidden,
                                     int directions, int direction, int t) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) batch * hidden) {
        return;
    }
    int b = (int) (index / hidden);
    int j = (int) (index % hidden);
    bool first = first_step(direction, t, steps);
    long long width = 4LL * hidden;
    const float* x = xproj + (((long long) direction * batch + b) * steps + t) * width;
    const float* h = hproj + ((long long) direction * batch + b) * width;
    float gate[4];
    for (int g = 0; g < 4; g++) {
        int k = g * hidden + j;
        gate[g] = x[k] + bias_ih[k] + ((first ? 0.0f : h[k]) + bias_hh[k]);
    }
    float input_gate = sigmoid_f32(gate[0]);
    float forget_gate = sigmoid_f32(gate[1]);
    float candidate = tanhf(gate[2]);
    float output_gate = sigmoid_f32(gate[3]);
    float* c = cell + ((long long) direction * batch + b) * hidden + j;
    float previous = first ? 0.0f : *c;
    float next = forget_gate * previous + input_gate * candidate;
    *c = next;
    out[output_offset(b, t, steps, hidden, directions, direction) + j] = output_gate * tanhf(next);
}

// Gates r, z, n: r = sigmoid(W_ir x + b_ir + W_hr h + b_hr), z likewise,
// n = tanh(W_in x + b_in + r*(W_hn h + b_hn)), h' = (1 - z)*n + z*h.
extern "C" __global__ void gru_step(const float* __restrict__ xproj, const float* __restrict__ hproj,
                                    const float* __restrict__ bias_ih, const float* __restrict__ bias_hh,
                                    float* out, int batch, int steps, int hidden, int directions, int direction,
                                    int t) {
    long long index = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    if (index >= (long long) batch * hidden) {
        return;
    }
    int b = (int) (index / hidden);
    int j = (int) (index % hidden);
    bool first = first_step(direction, t, steps);
    long long width = 3LL * hidden;
    const float* x = xproj + (((long long) direction * batch + b) * steps + t) * width;
    const float* h = hproj + ((long long) direction * batch + b) * width;
    int r_at = j;
    int z_at = hidden + j;
    int n_at = 2 * hidden + j;
    float reset = sigmoid_f32(x[r_at] + bias_ih[r_at] + ((first ? 0.0f : h[r_at]) + bias_hh[r_at]));
    float update = sigmoid_f32(x[z_at] + bias_ih[z_at] + ((first ? 0.0f : h[z_at]) + bias_hh[z_at]));
    float candidate = tanhf(x[n_at] + bias_ih[n_at] + reset * ((first ? 0.0f : h[n_at]) + bias_hh[n_at]));
    float previous = first ? 0.0f
            : out[output_offset(b, previous_position(direction, t), steps, hidden, directions, direction) + j];
    out[output_offset(b, t, steps, hidden, directions, direction) + j] =
            (1.0f - update) * candidate + update * previous;
}
