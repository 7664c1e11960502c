package org.seqbench.cuda.natives;

import java.io.IOException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Just enough of a C header to check bindings against it: the prototypes of functions returning {@code CUresult},
 * the {@code #define name name_v2} mappings that say which symbol a name links to, typedefs and enum constants. The
 * C types map to the layouts of LP64 Linux, the only platform the bindings target.
 */
final class CHeader {
    /** The same signature in both worlds: "int", "long", "float" or "pointer" per argument, the return first. */
    record Signature(String returns, List<String> arguments) {
        static Signature of(FunctionDescriptor descriptor) {
            return new Signature(descriptor.returnLayout().map(CHeader::layoutKind).orElse("void"),
                    descriptor.argumentLayouts().stream().map(CHeader::layoutKind).toList());
        }

        @Override
        public String toString() {
            return returns + " (" + String.join(", ", arguments) + ")";
        }
    }

    private static final Pattern PROTOTYPE = Pattern.compile("CUresult\\s+CUDAAPI\\s+(\\w+)\\s*\\(([^;{]*?)\\)\\s*;");
    private static final Pattern DEFINE = Pattern.compile(
            "#define\\s+(cu\\w+)\\s+(?:__CUDA_API_PT(?:DS|SZ)\\(\\s*)?(cu\\w+)\\s*\\)?");
    private static final Pattern POINTER_TYPEDEF = Pattern.compile("typedef\\s+struct\\s+\\w+\\s*\\*\\s*(\\w+)\\s*;");
    private static final Pattern ENUM_TYPEDEF = Pattern.compile(
            "typedef\\s+enum\\s*(\\w*)\\s*\\{(.*?)\\}\\s*(\\w+)\\s*;", Pattern.DOTALL);
    private static final Pattern ALIAS_TYPEDEF = Pattern.compile(
            "typedef\\s+((?:unsigned\\s+)?(?:long\\s+long|int|short|char)|\\w+)\\s+(\\w+)\\s*;");

    private final Map<String, String> prototypes = new LinkedHashMap<>();
    private final Map<String, String> symbolOf = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final List<String> pointerTypes = new ArrayList<>();
    private final List<String> enumTypes = new ArrayList<>();
    private final Map<String, Long> constants = new HashMap<>();

    private CHeader(String text) {
        String code = text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("//[^\\n]*", " ");
        Matcher define = DEFINE.matcher(code);
        while (define.find()) {
            if (!define.group(1).equals(define.group(2))) {
                symbolOf.putIfAbsent(define.group(1), define.group(2));
            }
        }
        Matcher prototype = PROTOTYPE.matcher(code);
        while (prototype.find()) {
            prototypes.putIfAbsent(prototype.group(1), prototype.group(2));
        }
        Matcher pointer = POINTER_TYPEDEF.matcher(code);
        while (pointer.find()) {
            pointerTypes.add(pointer.group(1));
        }
        Matcher enumeration = ENUM_TYPEDEF.matcher(code);
        while (enumeration.find()) {
            enumTypes.add(enumeration.group(3));
            readConstants(enumeration.group(2));
        }
        Matcher alias = ALIAS_TYPEDEF.matcher(code);
        while (alias.find()) {
            // The first definition is the LP64 one where a header has one per platform (CUdeviceptr_v2).
            aliases.putIfAbsent(alias.group(2), alias.group(1).replaceAll("\\s+", " "));
        }
    }

    /** Parses {@code text}, ignoring everything from {@code endMarker} on (a header's legacy declarations). */
    static CHeader parse(String text, String endMarker) {
        int end = endMarker == null ? -1 : text.indexOf(endMarker);
        return new CHeader(end < 0 ? text : text.substring(0, end));
    }

    static CHeader read(Path file, String endMarker) throws IOException {
        return parse(Files.readString(file), endMarker);
    }

    /** The first of {@code candidates} that exists. */
    static Optional<Path> find(Stream<Path> candidates) {
        return candidates.filter(Files::isRegularFile).findFirst();
    }

    private void readConstants(String body) {
        long next = 0;
        for (String entry : body.split(",")) {
            String item = entry.replaceAll("#[^\\n]*", " ").strip();
            if (item.isEmpty()) {
                continue;
            }
            String[] parts = item.split("=", 2);
            String name = parts[0].strip();
            if (!name.matches("\\w+")) {
                continue;
            }
            if (parts.length == 2) {
                Optional<Long> value = literal(parts[1].strip());
                if (value.isEmpty()) {
                    continue;
                }
                next = value.get();
            }
            constants.putIfAbsent(name, next);
            next++;
        }
    }

    private static Optional<Long> literal(String text) {
        String plain = text.replaceAll("[uUlL]+$", "");
        try {
            return Optional.of(plain.startsWith("0x") || plain.startsWith("0X") ? Long.parseLong(plain.substring(2), 16)
                    : Long.parseLong(plain));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** An enum constant's value, if the header defines it. */
    Optional<Long> constant(String name) {
        return Optional.ofNullable(constants.get(name));
    }

    /**
     * Every way {@code bindings} (symbol to descriptor) disagree with the header: a symbol no prototype links to,
     * an unversioned name the header maps to another symbol, or a different signature. Empty when they agree.
     */
    List<String> mismatches(Map<String, FunctionDescriptor> bindings) {
        List<String> problems = new ArrayList<>();
        bindings.forEach((symbol, descriptor) -> {
            String mappedElsewhere = symbolOf.get(symbol);
            if (mappedElsewhere != null) {
                problems.add(symbol + ": cuda.h links the name " + symbol + " to the symbol " + mappedElsewhere);
                return;
            }
            String name = symbolOf.entrySet().stream().filter(entry -> entry.getValue().equals(symbol))
                    .map(Map.Entry::getKey).findFirst().orElse(symbol);
            String parameters = prototypes.get(name);
            if (parameters == null) {
                problems.add(symbol + ": no prototype in the header links to it");
                return;
            }
            Signature expected;
            try {
                expected = new Signature("int", parameters(parameters));
            } catch (IllegalArgumentException e) {
                problems.add(symbol + ": " + e.getMessage());
                return;
            }
            Signature bound = Signature.of(descriptor);
            if (!expected.equals(bound)) {
                problems.add(symbol + ": the header declares " + expected + " (" + name + "(" + parameters.strip()
                        .replaceAll("\\s+", " ") + ")), the binding " + bound);
            }
        });
        return problems;
    }

    private List<String> parameters(String list) {
        String trimmed = list.strip();
        if (trimmed.isEmpty() || trimmed.equals("void")) {
            return List.of();
        }
        List<String> kinds = new ArrayList<>();
        for (String parameter : trimmed.split(",")) {
            String declaration = parameter.strip();
            Matcher named = Pattern.compile("^(.*?[\\s*])(\\w+)$").matcher(declaration);
            String type = named.matches() ? named.group(1) : declaration;
            kinds.add(kind(type));
        }
        return kinds;
    }

    /** The layout kind of a C type: pointers and handle typedefs are pointers, enums ints. */
    String kind(String cType) {
        String type = cType.replace("const", " ").replaceAll("\\s+", " ").strip();
        if (type.contains("*")) {
            return "pointer";
        }
        return switch (type) {
            case "int", "unsigned int", "unsigned" -> "int";
            case "unsigned long long", "long long", "size_t" -> "long";
            case "float" -> "float";
            default -> {
                if (pointerTypes.contains(type)) {
                    yield "pointer";
                }
                if (enumTypes.contains(type)) {
                    yield "int";
                }
                String alias = aliases.get(type);
                if (alias == null || alias.equals(type)) {
                    throw new IllegalArgumentException("the C type '" + type + "' is not one this check knows");
                }
                yield kind(alias);
            }
        };
    }

    private static String layoutKind(MemoryLayout layout) {
        if (layout instanceof AddressLayout) {
            return "pointer";
        }
        Class<?> carrier = ((ValueLayout) layout).carrier();
        if (carrier == int.class) {
            return "int";
        }
        if (carrier == long.class) {
            return "long";
        }
        if (carrier == float.class) {
            return "float";
        }
        return carrier.getSimpleName();
    }
}
