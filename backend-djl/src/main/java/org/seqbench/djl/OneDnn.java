package org.seqbench.djl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.util.Optional;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.EngineSetting;

/**
 * libtorch's switch for oneDNN ({@code torch.backends.mkldnn.enabled} in Python), which DJL does not expose: with it
 * on, {@code at::lstm} on float32 CPU tensors runs oneDNN's LSTM primitive, which reorders the weights into its own
 * layout and sets up the primitive on every call (a cost per call) and then runs each step faster than libtorch's
 * own loop (a cost per step); with it off, libtorch's loop runs. GRU and RNN never take oneDNN's path.
 *
 * <p>Reached through the Foreign Function API: {@code at::globalContext()} and {@code at::Context}'s
 * {@code setUserEnabledMkldnn(bool)} and {@code userEnabledMkldnn()}, by their C++ (Itanium ABI) names, in libtorch as
 * DJL loaded it. The switch is the process's: each call sets it to its model's value when it differs.
 */
final class OneDnn {
    static final EngineSetting SETTING = EngineSetting.perModel("onednn",
            "whether libtorch runs LSTMs with oneDNN's primitive (torch.backends.mkldnn.enabled)", "enabled",
            "disabled");

    private static final String CONTEXT = "_ZN2at13globalContextEv";
    private static final String SETTER = "_ZN2at7Context20setUserEnabledMkldnnEb";
    private static final String GETTER = "_ZNK2at7Context17userEnabledMkldnnEv";

    private record Switch(MemorySegment context, MethodHandle setter, MethodHandle getter) {
    }

    /** Found once, after DJL loaded libtorch; empty when this libtorch does not export the switch. */
    private static final class Found {
        static final Optional<Switch> SWITCH = find();
    }

    private static volatile Boolean applied;

    private OneDnn() {
    }

    /** Whether {@code setting}'s value turns oneDNN on. */
    static boolean enabledBy(String value) {
        return value.equals("enabled");
    }

    /**
     * Sets libtorch's switch to {@code enabled} unless it is already so.
     *
     * @throws BackendException if this libtorch does not export the switch and {@code enabled} is not its default
     */
    static void use(boolean enabled) {
        Boolean known = applied;
        if (known != null && known == enabled) {
            return;
        }
        synchronized (OneDnn.class) {
            if (Found.SWITCH.isEmpty()) {
                if (!enabled) {
                    throw new BackendException("djl.onednn=disabled needs libtorch's at::Context::setUserEnabledMkldnn, "
                            + "which this libtorch does not export");
                }
                applied = true;
                return;
            }
            Switch found = Found.SWITCH.get();
            try {
                found.setter().invokeExact(found.context(), enabled);
            } catch (Throwable e) {
                throw new BackendException("libtorch could not switch oneDNN " + (enabled ? "on" : "off") + ": "
                        + e, e);
            }
            applied = enabled;
        }
    }

    /** libtorch's switch as it stands, or empty when this libtorch does not export it (tests read it). */
    static Optional<Boolean> enabled() {
        return Found.SWITCH.map(found -> {
            try {
                return (boolean) found.getter().invokeExact(found.context());
            } catch (Throwable e) {
                throw new BackendException("libtorch could not tell whether oneDNN is on: " + e, e);
            }
        });
    }

    private static Optional<Switch> find() {
        // DJL loads libtorch with System.load from this class loader; libtorch_cpu, which defines the context, is
        // among what those libraries link, so the loader's lookup finds it, and so does its soname once loaded.
        SymbolLookup lookup = SymbolLookup.loaderLookup();
        if (lookup.find(CONTEXT).isEmpty()) {
            try {
                lookup = SymbolLookup.libraryLookup("libtorch_cpu.so", Arena.global());
            } catch (IllegalArgumentException notLoaded) {
                return Optional.empty();
            }
        }
        Optional<MemorySegment> context = lookup.find(CONTEXT);
        Optional<MemorySegment> setter = lookup.find(SETTER);
        Optional<MemorySegment> getter = lookup.find(GETTER);
        if (context.isEmpty() || setter.isEmpty() || getter.isEmpty()) {
            return Optional.empty();
        }
        Linker linker = Linker.nativeLinker();
        try {
            MemorySegment instance = (MemorySegment) linker.downcallHandle(context.get(),
                    FunctionDescriptor.of(ADDRESS)).invokeExact();
            return Optional.of(new Switch(instance,
                    linker.downcallHandle(setter.get(), FunctionDescriptor.ofVoid(ADDRESS, JAVA_BOOLEAN)),
                    linker.downcallHandle(getter.get(), FunctionDescriptor.of(JAVA_BOOLEAN, ADDRESS))));
        } catch (Throwable e) {
            return Optional.empty();
        }
    }
}
