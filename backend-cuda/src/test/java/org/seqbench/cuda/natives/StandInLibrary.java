package org.seqbench.cuda.natives;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Optional;

/**
 * A native library played in Java: every function the bindings bind is a method handle of exactly the type the
 * linker would give it, answering from an {@link Answer}. A call site whose argument or return types differ from
 * its binding's fails here as it would on a GPU machine ({@code WrongMethodTypeException}), and the answer sees the
 * very segments the bindings pass, so it can fill out-parameters as the library would.
 */
public final class StandInLibrary {
    /** What the library does on one call. */
    @FunctionalInterface
    public interface Answer {
        /**
         * @param symbol the function called
         * @param returns its Java return type ({@code int} for a status, {@link MemorySegment} for a pointer)
         * @param args the arguments, boxed; pointers are the {@link MemorySegment}s passed
         * @return the value to return, boxed
         */
        Object call(String symbol, Class<?> returns, Object[] args);
    }

    private static final MethodHandle DISPATCH;

    static {
        try {
            DISPATCH = MethodHandles.lookup().findStatic(StandInLibrary.class, "dispatch",
                    MethodType.methodType(Object.class, Answer.class, String.class, Class.class, Object[].class));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private StandInLibrary() {
    }

    private static Object dispatch(Answer answer, String symbol, Class<?> returns, Object[] args) {
        return answer.call(symbol, returns, args);
    }

    /** A library named {@code fileName} whose every function answers with {@code answer}. */
    static NativeLibrary of(String fileName, Answer answer) {
        return new NativeLibrary(fileName, (symbol, descriptor) -> Optional.of(handle(symbol, descriptor, answer)));
    }

    private static MethodHandle handle(String symbol, FunctionDescriptor descriptor, Answer answer) {
        MethodType type = descriptor.toMethodType();
        return MethodHandles.insertArguments(DISPATCH, 0, answer, symbol, type.returnType())
                .asCollector(Object[].class, type.parameterCount()).asType(type);
    }

    /** The default answer: success for a status, NULL for a pointer, and nothing written. */
    public static Object success(Class<?> returns) {
        return returns == MemorySegment.class ? MemorySegment.NULL : (Object) 0;
    }
}
