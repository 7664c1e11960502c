/**
 * A GPU as Java objects, on the natives: a {@link org.seqbench.cuda.device.Gpu} (context, stream, cuBLAS handle)
 * hands out {@link org.seqbench.cuda.device.DeviceBuffer}s, compiled {@link org.seqbench.cuda.device.KernelModule}s,
 * {@link org.seqbench.cuda.device.EventTimer}s and {@link org.seqbench.cuda.device.CapturedGraph}s, and closes what
 * is left of them when it closes. All work is queued on the one stream, in order:
 * <pre>{@code
 * try (Gpu gpu = Gpu.open(0); DeviceBuffer x = gpu.allocate(n)) {
 *     gpu.upload(values, x);
 *     gpu.kernels("common.cu").function("scale").launch(Dim3.of((n + 255) / 256), Dim3.of(256), 0, x, 2f, n);
 *     float[] back = gpu.download(x, n);  // waits for the stream
 * }
 * }</pre>
 */
package org.seqbench.cuda.device;
