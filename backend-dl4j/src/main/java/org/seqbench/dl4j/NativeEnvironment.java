package org.seqbench.dl4j;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The C library's environment, which native libraries read when they load. {@link System#getenv} is a copy the JVM
 * made at start and cannot be changed; libnd4j's OpenMP runtime reads {@code OMP_*} variables from the real one, once,
 * when it loads. Only called while ND4J starts, from the thread that starts it: {@code setenv} is not safe against
 * concurrent {@code getenv} calls in native code.
 */
final class NativeEnvironment {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle GETENV = LINKER.downcallHandle(
            LINKER.defaultLookup().find("getenv").orElseThrow(), FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle SETENV = LINKER.downcallHandle(
            LINKER.defaultLookup().find("setenv").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT));
    private static final MethodHandle UNSETENV = LINKER.downcallHandle(
            LINKER.defaultLookup().find("unsetenv").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private NativeEnvironment() {
    }

    /** The variable's value in the process's environment, or empty when it is not set. */
    static Optional<String> get(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) GETENV.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? Optional.empty()
                    : Optional.of(value.reinterpret(Long.MAX_VALUE).getString(0));
        } catch (Throwable e) {
            throw new IllegalStateException("getenv(" + name + ") failed", e);
        }
    }

    /**
     * Runs {@code action} with the variable set to {@code value}, unless the user's environment has it, and removes
     * it again afterwards. What reads the variable during {@code action} (a native library loading) keeps the
     * setting; processes started later (JMH's forks inherit the C environment) and libraries loaded later (another
     * engine's OpenMP) never see it.
     */
    static <T> T during(String name, String value, Supplier<T> action) {
        return during(name, value, false, action);
    }

    /**
     * {@link #during(String, String, Supplier)}, and with {@code replace} also when the user's environment has the
     * variable: their value is put back afterwards.
     */
    static <T> T during(String name, String value, boolean replace, Supplier<T> action) {
        // The JVM copies the C environment on the first System.getenv call, and ProcessBuilder passes that copy to
        // child processes. ND4J calls System.getenv while it loads; were that the first call, the copy, and every
        // JMH fork started afterwards, would keep the variable. Take the copy now, before it is set.
        System.getenv();
        Optional<String> users = replace ? get(name) : Optional.empty();
        users.ifPresent(ignored -> unset(name));
        boolean set = setIfAbsent(name, value);
        try {
            return action.get();
        } finally {
            if (set) {
                unset(name);
            }
            users.ifPresent(previous -> setIfAbsent(name, previous));
        }
    }

    /**
     * Sets the variable unless the user's environment already has it.
     *
     * @return whether it was set here
     */
    static boolean setIfAbsent(String name, String value) {
        if (get(name).isPresent()) {
            return false;
        }
        int status;
        try (Arena arena = Arena.ofConfined()) {
            status = (int) SETENV.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
        } catch (Throwable e) {
            throw new IllegalStateException("setenv(" + name + ") failed", e);
        }
        if (status != 0) {
            throw new IllegalStateException("setenv(" + name + ") returned " + status);
        }
        return true;
    }

    /** Removes the variable from the process's environment. */
    static void unset(String name) {
        int status;
        try (Arena arena = Arena.ofConfined()) {
            status = (int) UNSETENV.invokeExact(arena.allocateFrom(name));
        } catch (Throwable e) {
            throw new IllegalStateException("unsetenv(" + name + ") failed", e);
        }
        if (status != 0) {
            throw new IllegalStateException("unsetenv(" + name + ") returned " + status);
        }
    }
}
