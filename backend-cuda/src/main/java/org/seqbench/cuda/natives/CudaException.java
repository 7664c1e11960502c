package org.seqbench.cuda.natives;

import java.util.Objects;
import org.seqbench.spi.BackendException;

/**
 * A call into an NVIDIA library returned an error status: which library, which call, the status code and what the
 * library calls it. The message is one sentence, e.g. "cuMemAlloc_v2 failed in libcuda.so.1 with
 * CUDA_ERROR_OUT_OF_MEMORY (2): out of memory".
 */
public final class CudaException extends BackendException {
    private static final long serialVersionUID = 1L;

    private final String library;
    private final String call;
    private final int status;
    private final String statusName;

    /**
     * @param library the library's file name, e.g. {@code libcuda.so.1}
     * @param call the C function that failed, e.g. {@code cuMemAlloc_v2}
     * @param status the status code it returned
     * @param statusName the library's name for the status, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}
     * @param statusMessage the library's description of the status; empty when it has none
     * @param detail what else the caller knows (a compiler log, the value that was refused); empty for none
     */
    public CudaException(String library, String call, int status, String statusName, String statusMessage,
            String detail) {
        super(message(library, call, status, statusName, statusMessage, detail));
        this.library = library;
        this.call = call;
        this.status = status;
        this.statusName = statusName;
    }

    public CudaException(String library, String call, int status, String statusName, String statusMessage) {
        this(library, call, status, statusName, statusMessage, "");
    }

    private static String message(String library, String call, int status, String statusName, String statusMessage,
            String detail) {
        Objects.requireNonNull(statusMessage, "statusMessage");
        Objects.requireNonNull(detail, "detail");
        String message = call + " failed in " + library + " with " + statusName + " (" + status + ")";
        if (!statusMessage.isBlank()) {
            message += ": " + statusMessage;
        }
        if (!detail.isBlank()) {
            message += "; " + detail;
        }
        return message;
    }

    /** The library's file name, e.g. {@code libcuda.so.1}. */
    public String library() {
        return library;
    }

    /** The C function that failed. */
    public String call() {
        return call;
    }

    /** The status code the call returned. */
    public int status() {
        return status;
    }

    /** The library's name for the status, e.g. {@code CUBLAS_STATUS_INVALID_VALUE}. */
    public String statusName() {
        return statusName;
    }
}
