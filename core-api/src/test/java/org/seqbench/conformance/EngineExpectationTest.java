package org.seqbench.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.seqbench.conformance.ReferenceTrainer.Defect;
import org.seqbench.core.ModelKind;
import org.seqbench.spi.Availability;
import org.seqbench.spi.BackendProvider;

/**
 * Where an engine's natives are missing, the kits fail on Linux x86-64, whose natives the build ships, and skip
 * elsewhere, with the engine's reason either way; a developer opts out explicitly.
 */
class EngineExpectationTest {
    private static final String REASON = "libnd4j could not be loaded";

    private static UnaryOperator<String> platform(String os, String arch, String allowMissing) {
        Map<String, String> properties = new HashMap<>(Map.of("os.name", os, "os.arch", arch));
        if (allowMissing != null) {
            properties.put(EngineExpectation.ALLOW_MISSING, allowMissing);
        }
        return properties::get;
    }

    private static final UnaryOperator<String> LINUX_AMD64 = platform("Linux", "amd64", null);
    private static final UnaryOperator<String> MAC_AARCH64 = platform("Mac OS X", "aarch64", null);

    /** A backend whose natives are missing, checked as on a Linux x86-64 machine. */
    static class MissingOnLinux extends BackendConformanceKit {
        @Override
        protected BackendProvider provider() {
            return ReferenceBackendProvider.builder("missing").availability(Availability.no(REASON))
                    .kinds(ModelKind.LSTM).build();
        }

        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.shippedNatives(LINUX_AMD64);
        }
    }

    /** The same backend, checked as on an ARM Mac, for which the build ships no natives. */
    static class MissingOnMac extends MissingOnLinux {
        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.shippedNatives(MAC_AARCH64);
        }
    }

    /** A trainer whose natives are missing, on Linux x86-64. */
    static class TrainerMissingOnLinux extends TrainingConformanceKit {
        @Override
        protected BackendProvider provider() {
            return ReferenceBackendProvider.builder("reference-training").availability(Availability.no(REASON))
                    .training(Defect.NONE).build();
        }

        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.shippedNatives(LINUX_AMD64);
        }
    }

    /** The same trainer on an ARM Mac. */
    static class TrainerMissingOnMac extends TrainerMissingOnLinux {
        @Override
        protected EngineExpectation engineExpectation() {
            return EngineExpectation.shippedNatives(MAC_AARCH64);
        }
    }

    @Test
    void enginesAreRequiredOnLinuxX86_64Only() {
        assertTrue(EngineExpectation.shippedNatives(LINUX_AMD64).required());
        assertTrue(EngineExpectation.shippedNatives(platform("Linux", "x86_64", null)).required());
        for (UnaryOperator<String> elsewhere : List.of(MAC_AARCH64, platform("Linux", "aarch64", null),
                platform("Windows 11", "amd64", null), platform("Mac OS X", "x86_64", null))) {
            EngineExpectation expectation = EngineExpectation.shippedNatives(elsewhere);
            assertFalse(expectation.required(), expectation.why());
            assertTrue(expectation.why().contains("ships no natives for " + elsewhere.apply("os.name") + " "
                    + elsewhere.apply("os.arch")), expectation.why());
        }
        assertFalse(EngineExpectation.needs("an NVIDIA GPU").required(), "hardware a machine may lack");
    }

    @Test
    void aDeveloperOptsOutExplicitlyAndATypoIsRefused() {
        for (String on : List.of("true", "TRUE", "")) {
            assertFalse(EngineExpectation.shippedNatives(platform("Linux", "amd64", on)).required(), "'" + on + "'");
        }
        assertTrue(EngineExpectation.shippedNatives(platform("Linux", "amd64", "false")).required());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> EngineExpectation.shippedNatives(platform("Linux", "amd64", "yes")));
        assertEquals("seqbench.allowMissingEngines is 'yes'; accepted values are true and false", error.getMessage());
    }

    @Test
    void aMissingEngineFailsTheKitOnLinuxX86_64WithItsReason() {
        var results = run(selectClass(MissingOnLinux.class));
        List<String> failures = messages(results.allEvents().failed());
        assertFalse(failures.isEmpty(), "a missing engine on Linux x86-64 must fail the build");
        for (String failure : failures) {
            assertTrue(failure.startsWith("missing is unavailable here: " + REASON + "; the build ships its natives "
                    + "for Linux amd64, so this is a broken build"), failure);
        }
        assertEquals(List.of(), messages(results.allEvents().aborted()).stream()
                .filter(message -> message.contains(REASON)).toList(), "nothing is skipped for the missing engine");
        assertEquals(2, results.testEvents().succeeded().count(), "describesItself and the refusal check still pass");
    }

    @Test
    void aMissingEngineSkipsTheKitElsewhereWithItsReason() {
        var results = run(selectClass(MissingOnMac.class));
        assertEquals(List.of(), messages(results.allEvents().failed()));
        List<String> skips = messages(results.allEvents().aborted()).stream()
                .filter(message -> message.contains(REASON)).toList();
        assertFalse(skips.isEmpty(), "the checks that need the engine are skipped");
        assertTrue(skips.stream().allMatch(message -> message.equals("missing is unavailable here: " + REASON
                + "; the build ships no natives for Mac OS X aarch64")), skips.toString());
    }

    @Test
    void theTrainingKitDecidesTheSameWay() {
        String check = "closedModelRefusesWorkAndClosingTwiceIsHarmless";
        Events onLinux = run(selectMethod(TrainerMissingOnLinux.class, check)).testEvents();
        assertEquals(1, onLinux.failed().count());
        assertTrue(messages(onLinux.failed()).getFirst().startsWith("reference-training is unavailable here: "
                + REASON + "; the build ships its natives for Linux amd64"), messages(onLinux.failed()).toString());

        Events onMac = run(selectMethod(TrainerMissingOnMac.class, check)).testEvents();
        assertEquals(0, onMac.failed().count(), messages(onMac.failed()).toString());
        assertEquals(List.of("reference-training is unavailable here: " + REASON
                + "; the build ships no natives for Mac OS X aarch64"), messages(onMac.aborted()));
    }

    private static EngineExecutionResults run(DiscoverySelector selector) {
        return EngineTestKit.engine("junit-jupiter").selectors(selector).execute();
    }

    private static List<String> messages(Events events) {
        return events.stream().map(EngineExpectationTest::message).toList();
    }

    private static String message(Event event) {
        return event.getPayload(TestExecutionResult.class).flatMap(TestExecutionResult::getThrowable)
                .map(Throwable::getMessage).map(String::valueOf).orElse("(no message)");
    }
}
