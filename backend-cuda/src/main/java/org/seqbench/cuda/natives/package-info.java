/**
 * The NVIDIA libraries as Java calls, through the Foreign Function & Memory API: {@link
 * org.seqbench.cuda.natives.Driver} (libcuda.so.1), {@link org.seqbench.cuda.natives.Nvrtc} and {@link
 * org.seqbench.cuda.natives.Cublas}, found by {@link org.seqbench.cuda.natives.CudaLibraries} and opened together
 * by {@link org.seqbench.cuda.natives.CudaToolkit}. Each call that returns an error status throws a {@link
 * org.seqbench.cuda.natives.CudaException} naming the library, the call and the status. Nothing here knows about
 * models; the device layer ({@code org.seqbench.cuda.device}) is built on it, and it on nothing but core-api.
 */
package org.seqbench.cuda.natives;
