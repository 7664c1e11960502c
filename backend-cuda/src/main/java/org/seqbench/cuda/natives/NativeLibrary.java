package org.seqbench.cuda.natives;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.seqbench.spi.BackendException;

/**
 * One opened native library and the downcall handles bound in it. Libraries stay loaded for the life of the JVM
 * ({@link Arena#global()}): a CUDA library cannot be unloaded while a context may still call into it.
 */
final class NativeLibrary {
    static final Linker LINKER = Linker.nativeLinker();

    /** The C types these bindings use, in the layouts of the platform's C ABI (LP64 Linux: size_t is 64-bit). */
    static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    static final ValueLayout.OfLong C_SIZE_T = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    static final ValueLayout C_POINTER = ValueLayout.ADDRESS;

    /** Finds a function and makes its downcall handle; empty when the library has no such function. */
    @FunctionalInterface
    interface Binder {
        Optional<MethodHandle> bind(String symbol, FunctionDescriptor descriptor);
    }

    private final String fileName;
    private final Binder binder;

    /**
     * @param fileName the library's file name, for messages
     * @param binder how its functions are bound: the linker on a loaded library, or a stand-in in tests
     */
    NativeLibrary(String fileName, Binder binder) {
        this.fileName = fileName;
        this.binder = binder;
    }

    private static NativeLibrary linked(String fileName, SymbolLookup lookup) {
        return new NativeLibrary(fileName,
                (symbol, descriptor) -> lookup.find(symbol).map(address -> LINKER.downcallHandle(address, descriptor)));
    }

    /**
     * Opens the library at {@code path}.
     *
     * @throws BackendException naming the path when the dynamic loader refuses it
     */
    static NativeLibrary open(Path path) {
        try {
            return linked(path.getFileName().toString(), SymbolLookup.libraryLookup(path, Arena.global()));
        } catch (IllegalArgumentException e) {
            throw new BackendException("the dynamic loader could not open " + path + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens the library the system loader finds under {@code fileName} (LD_LIBRARY_PATH, the ld.so cache).
     *
     * @throws IllegalArgumentException when the system loader finds none
     */
    static NativeLibrary openFromSystemLoader(String fileName) {
        return linked(fileName, SymbolLookup.libraryLookup(fileName, Arena.global()));
    }

    /** Opens a library where {@link CudaLibraries#locate} found it: by its path, or by name for the system loader. */
    static NativeLibrary open(CudaLibraries.Located located) {
        if (located.path().isPresent()) {
            return open(located.path().get());
        }
        try {
            return openFromSystemLoader(located.library());
        } catch (IllegalArgumentException e) {
            throw new BackendException("the system loader could not open " + located.library() + " ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens the libraries matching {@code glob} beside a library found by path, before it: a library that needs
     * them by name ({@code DT_NEEDED}, or its own {@code dlopen}) then finds them already loaded, whether or not
     * its directory is on the loader's path. Nothing to do for a library the system loader resolves by name.
     */
    static void openCompanions(CudaLibraries.Located located, String glob) {
        if (located.path().isEmpty()) {
            return;
        }
        Path directory = located.path().get().getParent();
        List<Path> companions = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, glob)) {
            stream.forEach(companions::add);
        } catch (IOException e) {
            throw new BackendException("could not list " + directory + " for the libraries " + located.library()
                    + " needs (" + e.getMessage() + ")", e);
        }
        companions.sort(null);
        companions.forEach(NativeLibrary::open);
    }

    /** The library's file name, e.g. {@code libcuda.so.1}. */
    String fileName() {
        return fileName;
    }

    /**
     * Binds every function of {@code functions} (symbol to C signature).
     *
     * @throws BackendException naming the first symbol the library lacks
     */
    Map<String, MethodHandle> bindAll(Map<String, FunctionDescriptor> functions) {
        Map<String, MethodHandle> handles = new LinkedHashMap<>();
        functions.forEach((symbol, descriptor) -> handles.put(symbol, bind(symbol, descriptor)));
        return handles;
    }

    /**
     * A downcall handle for {@code symbol}.
     *
     * @throws BackendException when the library has no such function (an older release than the one bound)
     */
    MethodHandle bind(String symbol, FunctionDescriptor descriptor) {
        return binder.bind(symbol, descriptor).orElseThrow(() -> new BackendException(fileName
                + " has no function " + symbol + ": it is older than the CUDA 13 API this backend binds"));
    }

    /** The NUL-terminated C string at {@code address}, or {@code null} for a null pointer. */
    static String string(MemorySegment address) {
        return address.equals(MemorySegment.NULL) ? null : address.reinterpret(Long.MAX_VALUE).getString(0);
    }

    /**
     * What a downcall threw, as an unchecked exception: {@code invokeExact} declares {@link Throwable}, but a
     * downcall with the exact types bound throws nothing checked.
     */
    static RuntimeException unchecked(Throwable thrown) {
        if (thrown instanceof RuntimeException runtime) {
            return runtime;
        }
        if (thrown instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("a native call threw " + thrown, thrown);
    }
}
