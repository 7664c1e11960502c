package org.seqbench.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.function.Supplier;
import org.nd4j.linalg.factory.Nd4j;
import org.seqbench.spi.EngineStart;

/**
 * Starting ND4J: the startup properties, then its CPU backend (libnd4j and OpenBLAS, which JavaCPP unpacks to
 * {@code ~/.javacpp/cache} on first use). The first attempt decides for the whole JVM; a failure is kept as the
 * reason the backend is unavailable, never thrown at the harness.
 */
final class Nd4jEngine {
    /** Where Maven put nd4j-native's coordinates; ND4J has no run-time call that returns its version. */
    static final String VERSION_RESOURCE = "META-INF/maven/org.nd4j/nd4j-native/pom.properties";

    /** Holds the JVM-wide attempt; the class is initialised, and natives touched, only on first use. */
    private static final class Shared {
        static final EngineStart<EngineThreads> START = start(Nd4jEngine::initialise);
    }

    private Nd4jEngine() {
    }

    /** The JVM's engine, started on the first call. */
    static EngineStart<EngineThreads> shared() {
        return Shared.START;
    }

    /**
     * Starts the engine with {@code initialiser}, turning every failure into a {@link EngineStart.Failed}; a started
     * engine is known by the thread counts it chose.
     */
    static EngineStart<EngineThreads> start(Supplier<EngineThreads> initialiser) {
        return EngineStart.attempt(() -> new EngineStart.Started<>(initialiser.get()),
                "the ND4J native libraries could not be loaded", "ND4J could not start its CPU backend");
    }

    private static EngineThreads initialise() {
        StartupProperties.applyDefaults();
        // The executioner is created with the backend: this loads and initialises the native libraries.
        return StartupProperties.withOpenMpWaitPolicy(() -> {
            Nd4j.getExecutioner();
            return EngineThreads.recordDefaults();
        });
    }

    /** The version of the nd4j-native jar on the class path, e.g. "1.0.0-M2.1"; "unknown" if it does not say. */
    static String version() {
        try (InputStream stream = Nd4jEngine.class.getClassLoader().getResourceAsStream(VERSION_RESOURCE)) {
            if (stream == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(stream);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

}
