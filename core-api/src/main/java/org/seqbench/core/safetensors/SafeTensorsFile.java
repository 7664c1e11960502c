package org.seqbench.core.safetensors;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.seqbench.core.Tensor;

/**
 * The content of a safetensors file: named tensors (converted to float32) in the file's order, and the
 * string-to-string {@code __metadata__}.
 */
public record SafeTensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public SafeTensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }
}
