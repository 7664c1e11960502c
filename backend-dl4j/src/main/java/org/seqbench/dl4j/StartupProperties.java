package org.seqbench.dl4j;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.EngineSettings;

/**
 * The system properties this backend sets before ND4J starts, each only if the user has not set it already (a
 * {@code -D} on the command line always wins). They are read once, when slf4j and JavaCPP initialise, so they must
 * be in place before the first ND4J class loads; the harness measures every cell in a fresh forked JVM, where the
 * backend is the first to touch either library.
 *
 * <ul>
 *   <li>{@value #LOG_LEVEL} = {@code warn}: ND4J announces its backend, BLAS vendor, thread counts and CPU
 *       features at info level on every start; a benchmark should show none of that.</li>
 *   <li>{@value #MAX_PHYSICAL_BYTES} and {@value #MAX_BYTES} = 90% of the machine's memory. ND4J 1.0.0-M2.1
 *       allocates its arrays inside libnd4j, which JavaCPP sees only as the process's resident size; when that
 *       exceeds {@value #MAX_PHYSICAL_BYTES}, JavaCPP throws an {@link OutOfMemoryError} on the next allocation
 *       instead of letting the kernel kill the process. JavaCPP's own default ties both limits to {@code -Xmx},
 *       which has nothing to do with off-heap needs (a JMH fork with a small heap would fail long sequences).
 *       {@value #MAX_BYTES}, which counts only JavaCPP's own pointers, gets the same value so that it never
 *       trips first.</li>
 * </ul>
 *
 * <p>And one variable of the process's environment, read by libnd4j's OpenMP runtime when it loads, set only while
 * it loads: {@value #OMP_WAIT_POLICY} = {@code PASSIVE}, unless the user's environment has it. OpenMP's idle workers
 * otherwise spin, waiting for the next parallel region; when a pass's threads hold every core, a spinning worker
 * keeps the thread it waits for off its core. Measured on 2 cores with 2 threads (batch 8, T = 256, mean of 120
 * passes): LSTM 165 to 30 ms, GRU 129 to 26 ms, Transformer 53 to 28 ms; with 1 thread, LSTM 18.2 and 18.6 ms
 * (unchanged within noise).
 */
final class StartupProperties {
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    static final String MAX_BYTES = "org.bytedeco.javacpp.maxbytes";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxphysicalbytes";

    static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";

    /**
     * The wait policy as an engine setting: passive by default (see above); a run may ask for active, which the
     * harness passes to the measuring JVM as {@code -Dseqbench.engine.dl4j.omp-wait-policy=active}. Asked for
     * explicitly, it replaces the user's {@value #OMP_WAIT_POLICY} while ND4J loads.
     */
    static final EngineSetting WAIT_POLICY = EngineSetting.atEngineStart("omp-wait-policy",
            "OpenMP's wait policy for libnd4j's idle workers (OMP_WAIT_POLICY while ND4J loads): passive sleeps, "
                    + "active spins", "passive", "active");

    /** Share of the machine's memory the process may reach before JavaCPP refuses to allocate. */
    static final double MEMORY_SHARE = 0.9;

    private StartupProperties() {
    }

    /** Applies the defaults to the JVM's system properties. */
    static Map<String, String> applyDefaults() {
        return applyDefaults(System.getProperties(), machineMemoryBytes());
    }

    /**
     * Runs {@code loading} (whatever loads libnd4j's native libraries) with OpenMP's wait policy set in the process's
     * environment, removed again afterwards (see {@link NativeEnvironment#during}): the policy suits libnd4j, whose
     * parallel regions are few and long, and would cost libtorch, whose OpenMP wakes its workers for every small
     * step, up to ten times its two-thread speed (measured when the variable was left set and the harness's forks
     * inherited it).
     */
    static <T> T withOpenMpWaitPolicy(java.util.function.Supplier<T> loading) {
        String policy = EngineSettings.atStart(Dl4jBackendProvider.ID, WAIT_POLICY).toUpperCase(Locale.ROOT);
        boolean asked = System.getProperty(WAIT_POLICY.property(Dl4jBackendProvider.ID)) != null;
        return NativeEnvironment.during(OMP_WAIT_POLICY, policy, asked, loading);
    }

    /**
     * Sets in {@code properties} each default whose key is absent.
     *
     * @param machineMemory the machine's (or container's) memory in bytes; 0 if unknown, which leaves JavaCPP's
     *     own memory limits alone
     * @return the properties set, in the order set (empty when the user had set them all)
     */
    static Map<String, String> applyDefaults(Properties properties, long machineMemory) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(LOG_LEVEL, "warn");
        if (machineMemory > 0) {
            String limit = Long.toString((long) (machineMemory * MEMORY_SHARE));
            defaults.put(MAX_PHYSICAL_BYTES, limit);
            defaults.put(MAX_BYTES, limit);
        }
        Map<String, String> applied = new LinkedHashMap<>();
        defaults.forEach((key, value) -> {
            if (properties.getProperty(key) == null) {
                properties.setProperty(key, value);
                applied.put(key, value);
            }
        });
        return applied;
    }

    /** The memory the JVM sees (a container's limit inside one), or 0 if the platform does not say. */
    static long machineMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean system) {
            return Math.max(0, system.getTotalMemorySize());
        }
        return 0;
    }
}
