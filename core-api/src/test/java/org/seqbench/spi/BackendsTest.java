package org.seqbench.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.conformance.ReferenceBackendProvider;
import org.seqbench.core.ModelKind;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Weights;
import org.seqbench.core.WeightsMismatchException;

class BackendsTest {
    @TempDir
    Path directory;

    /** A provider that supports LSTM only, with two variants; public, so that a service loader can create it. */
    public static class LstmOnly extends ReferenceBackendProvider {
        public LstmOnly() {
            this(Availability.yes());
        }

        LstmOnly(Availability availability) {
            super(lstmOnly().availability(availability));
        }
    }

    /** The backend {@link LstmOnly} is, to configure further. */
    static ReferenceBackendProvider.Builder lstmOnly() {
        return ReferenceBackendProvider.builder("lstm-only").name("LSTM only").engineVersion("1").kinds(ModelKind.LSTM)
                .variants("fused", "unrolled").honoursThreads(true).withoutMatrixProduct();
    }

    /** Same id as {@link LstmOnly}. */
    public static class SameId extends LstmOnly {
    }

    /** A provider whose class cannot initialise, like one whose engine jar lacks a dependency. */
    public static class Broken extends LstmOnly {
        public Broken() {
            throw new NoClassDefFoundError("ai/onnxruntime/OrtEnvironment");
        }
    }

    @Test
    void checksNameWhatIsWrongAndWhatIsAccepted() {
        ModelSpec lstm = ModelSpec.recurrent(ModelKind.LSTM, 4, 8, 1, false, 2);
        ModelSpec gru = ModelSpec.recurrent(ModelKind.GRU, 4, 8, 1, false, 2);
        LstmOnly provider = new LstmOnly();

        assertEquals("fused", Backends.checkLoadable(provider, lstm, Weights.initialise(lstm, 1),
                RunOptions.defaults()).variant());
        assertEquals("lstm-only does not support gru; it supports lstm", assertThrows(UnsupportedModelException.class,
                () -> provider.load(gru, Weights.initialise(gru, 1), RunOptions.defaults())).getMessage());
        assertEquals("lstm-only has no variant 'fast' for lstm; accepted: fused, unrolled",
                assertThrows(BackendException.class, () -> provider.load(lstm, Weights.initialise(lstm, 1),
                        RunOptions.defaults().withVariant("fast"))).getMessage());
        assertThrows(WeightsMismatchException.class,
                () -> provider.load(lstm, Weights.initialise(gru, 1), RunOptions.defaults()));
        assertEquals("lstm-only is unavailable: no driver", assertThrows(BackendException.class,
                () -> new LstmOnly(Availability.no("no driver")).load(lstm, Weights.initialise(lstm, 1),
                        RunOptions.defaults())).getMessage());
        assertEquals("threads must be 0 (engine default) or positive, got -2",
                assertThrows(IllegalArgumentException.class, () -> RunOptions.threads(-2)).getMessage());
    }

    @Test
    void anArithmeticTheBackendDoesNotOfferIsRefusedNamingItAndTheOffered() {
        ModelSpec lstm = ModelSpec.recurrent(ModelKind.LSTM, 4, 8, 1, false, 2);
        RunOptions bf16 = new RunOptions(0, Precision.BF16, null);
        assertEquals("lstm-only does not compute in bf16; it supports fp32", assertThrows(BackendException.class,
                () -> new LstmOnly().load(lstm, Weights.initialise(lstm, 1), bf16)).getMessage());
        ReferenceBackendProvider reduced = lstmOnly().precisions(Precision.FP32, Precision.TF32).build();
        assertEquals("lstm-only does not compute in bf16; it supports fp32, tf32", assertThrows(BackendException.class,
                () -> reduced.load(lstm, Weights.initialise(lstm, 1), bf16)).getMessage());
        assertEquals(Precision.TF32, Backends.checkLoadable(reduced, lstm, Weights.initialise(lstm, 1),
                new RunOptions(0, Precision.TF32, null)).precision());
    }

    @Test
    void discoveryListsEveryProviderAndTurnsABrokenOneIntoAnUnavailableEntry() throws IOException {
        List<BackendProvider> found = Backends.discover(loaderListing(LstmOnly.class, Broken.class));
        assertEquals(List.of("broken", "lstm-only"), found.stream().map(BackendProvider::id).toList());
        Availability broken = found.getFirst().availability();
        assertFalse(broken.available());
        assertTrue(broken.reason().contains("ai/onnxruntime/OrtEnvironment"), broken.reason());
    }

    @Test
    void twoProvidersWithOneIdAreAConfigurationError() throws IOException {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Backends.discover(loaderListing(LstmOnly.class, SameId.class)));
        assertTrue(error.getMessage().startsWith("two backends claim the id 'lstm-only'"), error.getMessage());
    }

    @Test
    void anUnavailableBackendMustSayWhy() {
        assertThrows(IllegalArgumentException.class, () -> Availability.no(" "));
    }

    private ServiceLoader<BackendProvider> loaderListing(Class<?>... providers) throws IOException {
        Path services = Files.createDirectories(directory.resolve("META-INF/services"));
        StringBuilder listing = new StringBuilder();
        for (Class<?> provider : providers) {
            listing.append(provider.getName()).append('\n');
        }
        Files.writeString(services.resolve(BackendProvider.class.getName()), listing);
        URLClassLoader loader = new URLClassLoader(new URL[] {directory.toUri().toURL()},
                BackendsTest.class.getClassLoader());
        return ServiceLoader.load(BackendProvider.class, loader);
    }
}
