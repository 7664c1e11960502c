package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.seqbench.cuda.kernels.KernelSources;
import org.seqbench.cuda.model.KernelSignature.Type;

/**
 * The parameter lists in {@link Kernels} are the ones the CUDA sources declare, name for name and type for type,
 * and every kernel in the sources is declared there: a launch packs its arguments by position and nothing on the
 * GPU would notice a swap.
 */
class KernelSignaturesMatchSourcesTest {
    private static final Pattern KERNEL =
            Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAMETER =
            Pattern.compile("^(?:const\\s+)?(float\\s*\\*|int|float|long\\s+long)\\s*(?:__restrict__\\s+)?(\\w+)$");

    @Test
    void everyDeclaredKernelMatchesItsSourceAndEverySourceKernelIsDeclared() throws IOException {
        Map<String, KernelSignature> inSources = parseSources();
        Map<String, KernelSignature> declared = new TreeMap<>();
        Kernels.ALL.forEach(kernel -> declared.put(kernel.name(), kernel));
        assertEquals(inSources.keySet(), declared.keySet(), "kernels in the sources vs. declared in Kernels");
        for (KernelSignature kernel : Kernels.ALL) {
            assertEquals(inSources.get(kernel.name()), kernel, () -> "the declaration of " + kernel.name());
        }
    }

    @Test
    void theParserReadsQualifiedPointersAndScalars() {
        Map<String, KernelSignature> parsed = parse("x.cu", """
                extern "C" __global__ void f(const float* __restrict__ a, float* b, int n,
                                             float s, long long big) { }
                """);
        assertEquals(KernelSignature.of("x.cu", "f", "a", Type.POINTER, "b", Type.POINTER, "n", Type.INT,
                "s", Type.FLOAT, "big", Type.LONG), parsed.get("f"));
        assertThrows(IllegalArgumentException.class,
                () -> parse("x.cu", "extern \"C\" __global__ void g(double d) { }"));
    }

    @Test
    void argumentsAreCheckedByNameTypeAndCount() {
        Buffer buffer = new Buffer("y", Buffer.Role.WORKSPACE, 4);
        IllegalArgumentException swapped = assertThrows(IllegalArgumentException.class,
                () -> Kernels.ADD_BIAS.arguments().with("bias", buffer));
        assertTrue(swapped.getMessage().contains("argument 1 is 'y', not 'bias'"), swapped.getMessage());
        IllegalArgumentException typed = assertThrows(IllegalArgumentException.class,
                () -> Kernels.ADD_BIAS.arguments().with("y", buffer).with("bias", buffer).with("rows", 2L));
        assertTrue(typed.getMessage().contains("'rows' is a C INT carried by a Integer, got Long"), typed.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Kernels.ADD_BIAS.arguments().with("y", buffer).with("bias", buffer).values());
        assertTrue(missing.getMessage().contains("takes 4 arguments, got 2; the next is 'rows'"),
                missing.getMessage());
        IllegalArgumentException extra = assertThrows(IllegalArgumentException.class,
                () -> Kernels.ADD_BIAS.arguments().with("y", buffer).with("bias", buffer).with("rows", 1)
                        .with("width", 4).with("more", 1));
        assertTrue(extra.getMessage().contains("takes 4 arguments"), extra.getMessage());
    }

    private static Map<String, KernelSignature> parseSources() throws IOException {
        Map<String, KernelSignature> kernels = new TreeMap<>();
        for (Path file : KernelSources.files()) {
            Map<String, KernelSignature> found = parse(file.getFileName().toString(), Files.readString(file));
            found.keySet().forEach(name -> assertTrue(!kernels.containsKey(name), () -> name + " is defined twice"));
            kernels.putAll(found);
        }
        return kernels;
    }

    private static Map<String, KernelSignature> parse(String resource, String source) {
        Map<String, KernelSignature> kernels = new TreeMap<>();
        Matcher kernel = KERNEL.matcher(source);
        while (kernel.find()) {
            List<KernelSignature.Parameter> parameters = new ArrayList<>();
            for (String declaration : kernel.group(2).split(",")) {
                Matcher parameter = PARAMETER.matcher(declaration.strip().replaceAll("\\s+", " "));
                if (!parameter.matches()) {
                    throw new IllegalArgumentException(kernel.group(1) + " has a parameter of a type the launcher "
                            + "does not pass: '" + declaration.strip() + "'");
                }
                parameters.add(new KernelSignature.Parameter(parameter.group(2), type(parameter.group(1))));
            }
            kernels.put(kernel.group(1), new KernelSignature(resource, kernel.group(1), parameters));
        }
        return kernels;
    }

    private static Type type(String declared) {
        return switch (declared.replace(" ", "")) {
            case "float*" -> Type.POINTER;
            case "int" -> Type.INT;
            case "float" -> Type.FLOAT;
            case "longlong" -> Type.LONG;
            default -> throw new IllegalArgumentException("no launcher type for C type " + declared);
        };
    }
}
