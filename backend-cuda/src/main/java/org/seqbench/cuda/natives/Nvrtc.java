package org.seqbench.cuda.natives;

import static org.seqbench.cuda.natives.NativeLibrary.C_INT;
import static org.seqbench.cuda.natives.NativeLibrary.C_POINTER;
import static org.seqbench.cuda.natives.NativeLibrary.C_SIZE_T;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NVRTC, CUDA's runtime compiler ({@value CudaLibraries#NVRTC}): CUDA C source in, PTX out, which the driver then
 * loads for the device. Signatures are those of CUDA 13's {@code nvrtc.h}, which this machine's toolkit does not
 * install, so the tests cannot check them against a header here; they are checked by use on a GPU machine.
 */
public final class Nvrtc {
    /** {@code NVRTC_SUCCESS}. */
    public static final int SUCCESS = 0;
    /** {@code NVRTC_ERROR_COMPILATION}: the source did not compile; the program's log says why. */
    public static final int ERROR_COMPILATION = 6;

    /** Every function bound: the symbol and its C signature ({@code nvrtcResult} is a C enum, an int). */
    static final Map<String, FunctionDescriptor> FUNCTIONS = functions();

    private static Map<String, FunctionDescriptor> functions() {
        Map<String, FunctionDescriptor> f = new LinkedHashMap<>();
        f.put("nvrtcGetErrorString", FunctionDescriptor.of(C_POINTER, C_INT));
        f.put("nvrtcVersion", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcCreateProgram", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER,
                C_POINTER));
        f.put("nvrtcCompileProgram", FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER));
        f.put("nvrtcGetPTXSize", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcGetPTX", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcGetCUBINSize", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcGetCUBIN", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcGetProgramLogSize", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcGetProgramLog", FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER));
        f.put("nvrtcDestroyProgram", FunctionDescriptor.of(C_INT, C_POINTER));
        return Collections.unmodifiableMap(f);
    }

    /** NVRTC's release, e.g. 13.0. */
    public record Version(int major, int minor) {
        @Override
        public String toString() {
            return major + "." + minor;
        }
    }

    private final CudaLibraries.Located located;
    private final String library;
    private final MethodHandle nvrtcGetErrorString;
    private final MethodHandle nvrtcVersion;
    private final MethodHandle nvrtcCreateProgram;
    private final MethodHandle nvrtcCompileProgram;
    private final MethodHandle nvrtcGetPTXSize;
    private final MethodHandle nvrtcGetPTX;
    private final MethodHandle nvrtcGetCUBINSize;
    private final MethodHandle nvrtcGetCUBIN;
    private final MethodHandle nvrtcGetProgramLogSize;
    private final MethodHandle nvrtcGetProgramLog;
    private final MethodHandle nvrtcDestroyProgram;

    Nvrtc(CudaLibraries.Located located, NativeLibrary library) {
        this.located = located;
        this.library = library.fileName();
        Map<String, MethodHandle> h = library.bindAll(FUNCTIONS);
        nvrtcGetErrorString = h.get("nvrtcGetErrorString");
        nvrtcVersion = h.get("nvrtcVersion");
        nvrtcCreateProgram = h.get("nvrtcCreateProgram");
        nvrtcCompileProgram = h.get("nvrtcCompileProgram");
        nvrtcGetPTXSize = h.get("nvrtcGetPTXSize");
        nvrtcGetPTX = h.get("nvrtcGetPTX");
        nvrtcGetCUBINSize = h.get("nvrtcGetCUBINSize");
        nvrtcGetCUBIN = h.get("nvrtcGetCUBIN");
        nvrtcGetProgramLogSize = h.get("nvrtcGetProgramLogSize");
        nvrtcGetProgramLog = h.get("nvrtcGetProgramLog");
        nvrtcDestroyProgram = h.get("nvrtcDestroyProgram");
    }

    /**
     * Opens NVRTC where the search found it. NVRTC loads its built-in headers from {@code libnvrtc-builtins} at
     * compile time, by name; opened first from the same directory, that load finds it already there.
     *
     * @throws org.seqbench.spi.BackendException when the library cannot be opened or lacks a function
     */
    public static Nvrtc load(CudaLibraries.Located located) {
        NativeLibrary.openCompanions(located, "libnvrtc-builtins.so.*");
        return new Nvrtc(located, NativeLibrary.open(located));
    }

    /** Where the library was found. */
    public CudaLibraries.Located located() {
        return located;
    }

    /** NVRTC's name for the status, e.g. {@code NVRTC_ERROR_COMPILATION}. */
    public String errorString(int status) {
        MemorySegment text;
        try {
            text = (MemorySegment) nvrtcGetErrorString.invokeExact(status);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        String name = NativeLibrary.string(text);
        return name == null ? "unrecognised nvrtcResult" : name;
    }

    private void check(int status, String call) {
        if (status != SUCCESS) {
            throw new CudaException(library, call, status, errorString(status), "");
        }
    }

    public Version version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(C_INT);
            MemorySegment minor = arena.allocate(C_INT);
            int status;
            try {
                status = (int) nvrtcVersion.invokeExact(major, minor);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, "nvrtcVersion");
            return new Version(major.get(C_INT, 0), minor.get(C_INT, 0));
        }
    }

    /**
     * Compiles {@code source} to PTX.
     *
     * @param name the program's name, which the compiler log uses for the file ("recurrent.cu")
     * @param options NVRTC options, e.g. {@code --gpu-architecture=compute_90}
     * @return the PTX text, without the terminating NUL
     * @throws CudaException for a source that does not compile, with NVRTC's log
     */
    public String compileToPtx(String source, String name, List<String> options) {
        return cString(compile(source, name, options, nvrtcGetPTXSize, nvrtcGetPTX, "nvrtcGetPTXSize",
                "nvrtcGetPTX"));
    }

    /**
     * Compiles {@code source} to the device code of a real architecture ({@code --gpu-architecture=sm_90}), which
     * the driver loads without compiling it again.
     *
     * @throws CudaException for a source that does not compile, with NVRTC's log
     */
    public byte[] compileToCubin(String source, String name, List<String> options) {
        return compile(source, name, options, nvrtcGetCUBINSize, nvrtcGetCUBIN, "nvrtcGetCUBINSize",
                "nvrtcGetCUBIN");
    }

    private byte[] compile(String source, String name, List<String> options, MethodHandle sizeOf, MethodHandle get,
            String sizeCall, String getCall) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment programSlot = arena.allocate(C_POINTER);
            int created;
            try {
                created = (int) nvrtcCreateProgram.invokeExact(programSlot, arena.allocateFrom(source),
                        arena.allocateFrom(name), 0, MemorySegment.NULL, MemorySegment.NULL);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(created, "nvrtcCreateProgram");
            MemorySegment program = programSlot.get(ValueLayout.ADDRESS, 0);
            byte[] output;
            try {
                MemorySegment optionArray = arena.allocate(C_POINTER, Math.max(1, options.size()));
                for (int i = 0; i < options.size(); i++) {
                    optionArray.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(options.get(i)));
                }
                int compiled;
                try {
                    compiled = (int) nvrtcCompileProgram.invokeExact(program, options.size(), optionArray);
                } catch (Throwable thrown) {
                    throw NativeLibrary.unchecked(thrown);
                }
                if (compiled != SUCCESS) {
                    byte[] log = output(program, nvrtcGetProgramLogSize, nvrtcGetProgramLog,
                            "nvrtcGetProgramLogSize", "nvrtcGetProgramLog");
                    throw compilationFailed(library, name, options, compiled, errorString(compiled), cString(log));
                }
                output = output(program, sizeOf, get, sizeCall, getCall);
            } catch (RuntimeException failure) {
                destroy(programSlot, failure);
                throw failure;
            }
            destroy(programSlot, null);
            return output;
        }
    }

    /** Destroys the program; a failure to do so is added to {@code pending} rather than hiding it. */
    private void destroy(MemorySegment programSlot, RuntimeException pending) {
        int destroyed;
        try {
            destroyed = (int) nvrtcDestroyProgram.invokeExact(programSlot);
        } catch (Throwable thrown) {
            throw NativeLibrary.unchecked(thrown);
        }
        if (destroyed != SUCCESS) {
            CudaException failure = new CudaException(library, "nvrtcDestroyProgram", destroyed,
                    errorString(destroyed), "");
            if (pending == null) {
                throw failure;
            }
            pending.addSuppressed(failure);
        }
    }

    /**
     * The error for a program that did not compile: the program, the options and NVRTC's log, whose lines name
     * the file, line and problem ("recurrent.cu(12): error: identifier "h" is undefined").
     */
    static CudaException compilationFailed(String library, String name, List<String> options, int status,
            String statusName, String log) {
        String detail = name + " did not compile with "
                + (options.isEmpty() ? "no options" : String.join(" ", options))
                + (log.isBlank() ? " (NVRTC wrote no log)" : "; NVRTC's log:\n" + log.strip());
        return new CudaException(library, "nvrtcCompileProgram", status, statusName, "", detail);
    }

    /** The text of a NUL-terminated C string's bytes. */
    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /** One of the program's outputs (PTX with its NUL, cubin, log with its NUL): its size, then its bytes. */
    private byte[] output(MemorySegment program, MethodHandle sizeOf, MethodHandle get, String sizeCall,
            String getCall) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(C_SIZE_T);
            int status;
            try {
                status = (int) sizeOf.invokeExact(program, size);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, sizeCall);
            long bytes = size.get(C_SIZE_T, 0);
            if (bytes == 0) {
                return new byte[0];
            }
            MemorySegment output = arena.allocate(bytes);
            try {
                status = (int) get.invokeExact(program, output);
            } catch (Throwable thrown) {
                throw NativeLibrary.unchecked(thrown);
            }
            check(status, getCall);
            return output.toArray(ValueLayout.JAVA_BYTE);
        }
    }
}
