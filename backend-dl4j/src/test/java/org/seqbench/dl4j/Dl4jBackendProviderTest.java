package org.seqbench.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.cpu.nativecpu.CpuBackend;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.Backends;
import org.seqbench.spi.EngineStart;
import org.seqbench.spi.Precision;
import org.seqbench.spi.RunOptions;

class Dl4jBackendProviderTest {

    @Test
    void describesTheNd4jCpuBackend() {
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        assertEquals("dl4j", provider.id());
        assertEquals("Deeplearning4j ND4J/SameDiff", provider.name());
        assertEquals("cpu", provider.device());
        assertEquals(EnumSet.allOf(ModelKind.class), provider.supportedKinds());
        assertEquals(EnumSet.of(Precision.FP32), provider.precisions());
        assertTrue(provider.honoursThreads());
    }

    @Test
    void isFoundByServiceLoader() {
        assertTrue(Backends.find("dl4j").orElseThrow() instanceof Dl4jBackendProvider);
    }

    @Test
    void engineVersionIsTheNd4jReleaseOnTheClassPath() throws Exception {
        assertEquals("1.0.0-M2.1", new Dl4jBackendProvider().engineVersion());
        // The natives come from the CPU backend's own jar; its coordinates must say the same release.
        Properties coordinates = new Properties();
        try (InputStream stream = CpuBackend.class.getResourceAsStream(
                "/META-INF/maven/org.nd4j/nd4j-native/pom.properties")) {
            coordinates.load(stream);
        }
        assertEquals(coordinates.getProperty("version"), new Dl4jBackendProvider().engineVersion());
    }

    @Test
    void eachKindOffersItsFastestExactPathFirst() {
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        assertEquals(List.of("eager-ops", "samediff"), provider.variants(ModelKind.RNN));
        assertEquals(List.of("samediff", "native-op"), provider.variants(ModelKind.LSTM));
        assertEquals(List.of("native-op", "samediff", "eager-ops"), provider.variants(ModelKind.GRU));
        assertEquals(List.of("eager-ops", "samediff"), provider.variants(ModelKind.TRANSFORMER));
    }

    @Test
    void aPathAKindDoesNotOfferIsRefusedListingTheOnesItDoes() {
        Dl4jBackendProvider provider = new Dl4jBackendProvider();
        ModelSpec spec = ModelSpec.transformer(4, 8, 1, 2, 16, 3);
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, 1), RunOptions.threads(1).withVariant("native-op")));
        assertEquals("dl4j has no variant 'native-op' for transformer; accepted: eager-ops, samediff",
                error.getMessage());
    }

    @Test
    void missingNativeLibrariesMakeTheBackendUnavailableWithOneReason() {
        AtomicInteger attempts = new AtomicInteger();
        Dl4jBackendProvider provider = new Dl4jBackendProvider(() -> {
            attempts.incrementAndGet();
            return Nd4jEngine.start(() -> {
                throw new ExceptionInInitializerError(new UnsatisfiedLinkError("no jnind4jcpu in java.library.path"));
            });
        });

        Availability availability = provider.availability();
        assertFalse(availability.available());
        assertEquals("the ND4J native libraries could not be loaded "
                + "(UnsatisfiedLinkError: no jnind4jcpu in java.library.path)", availability.reason());
        // The version comes from the jar, which is there even when its natives are not.
        assertEquals("1.0.0-M2.1", provider.engineVersion());

        ModelSpec spec = ModelSpec.recurrent(ModelKind.LSTM, 3, 4, 1, false, 2);
        BackendException error = assertThrows(BackendException.class,
                () -> provider.load(spec, Weights.initialise(spec, 1), RunOptions.threads(1)));
        assertTrue(error.getMessage().startsWith("dl4j is unavailable: the ND4J native libraries could not be loaded"),
                error.getMessage());
        assertEquals(1, attempts.get(), "the engine must be started once and the outcome remembered");
    }

    @Test
    void backendThatFailsToStartIsUnavailableWithTheEnginesReason() {
        EngineStart<EngineThreads> start = Nd4jEngine.start(() -> {
            throw new RuntimeException("Could not initialize class",
                    new IllegalStateException("No ND4J backend found on the class path"));
        });
        assertEquals(new EngineStart.Failed<EngineThreads>(
                "ND4J could not start its CPU backend (IllegalStateException: No ND4J backend found on the class path)"),
                start);
    }
}
