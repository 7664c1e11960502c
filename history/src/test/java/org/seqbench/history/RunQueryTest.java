package org.seqbench.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A malformed backend-version filter is refused, naming the value and the form accepted. */
class RunQueryTest {
    @ParameterizedTest
    @ValueSource(strings = {"onnx", "onnx=", "=1.29", "onnx=1=2", " onnx=1.29", ""})
    void aMalformedBackendVersionIsRefused(String value) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RunQuery(null, null, value, 0));
        assertEquals("'" + value + "' is not a backend version; accepted: ID=VERSION, e.g. onnx=1.29.0 or onnx=1.29",
                error.getMessage());
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, -10})
    void aNegativeLimitIsRefused(int limit) {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new RunQuery(null, null, null, limit));
        assertEquals("a limit of " + limit + " runs; accepted: a positive count, or 0 for all", error.getMessage());
    }
}
