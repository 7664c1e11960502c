package org.seqbench.results;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Which cells a command looks at, written by a user: either a list of {@code field=value} conditions, all of which
 * must hold ({@code backend=onnx,kind=lstm|gru,seq=64}; a value may name alternatives with {@code |}), or a glob over
 * {@link Cell#key()} with {@code *} for any run of characters ({@code onnx/*}{@code /lstm/T64/*}). An empty filter
 * keeps every cell.
 */
public final class CellFilter implements Predicate<Cell> {

    /** The fields a condition may name, each with how a cell answers it. */
    private static final Map<String, Function<Cell, String>> FIELDS = fields();

    private final String text;
    private final Predicate<Cell> test;

    private CellFilter(String text, Predicate<Cell> test) {
        this.text = text;
        this.test = test;
    }

    /** Every cell. */
    public static CellFilter all() {
        return new CellFilter("", cell -> true);
    }

    /**
     * @throws IllegalArgumentException naming the bad part and what is accepted, for an unknown field, a condition
     *     without a value, or a field named twice
     */
    public static CellFilter parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            return all();
        }
        if (!trimmed.contains("=")) {
            Pattern glob = Pattern.compile(glob(trimmed));
            return new CellFilter(trimmed, cell -> glob.matcher(cell.key()).matches());
        }
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        for (String condition : trimmed.split(",", -1)) {
            int equals = condition.indexOf('=');
            String field = equals < 0 ? condition.strip() : condition.substring(0, equals).strip();
            String value = equals < 0 ? "" : condition.substring(equals + 1).strip();
            if (!FIELDS.containsKey(field)) {
                throw new IllegalArgumentException("cell filter '" + text + "': unknown field '" + field
                        + "'; accepted: " + String.join(", ", FIELDS.keySet())
                        + " (as field=value[,field=value...]), or a glob over cell keys such as onnx/*/lstm/T64/*");
            }
            if (equals < 0 || value.isEmpty() || List.of(value.split("\\|", -1)).contains("")) {
                throw new IllegalArgumentException("cell filter '" + text + "': '" + condition.strip()
                        + "' has no value; write " + field + "=VALUE (alternatives as VALUE|VALUE)");
            }
            if (wanted.put(field, Set.of(value.toLowerCase(java.util.Locale.ROOT).split("\\|"))) != null) {
                throw new IllegalArgumentException("cell filter '" + text + "': field '" + field
                        + "' is named twice; name alternatives in one condition, " + field + "=A|B");
            }
        }
        List<Predicate<Cell>> conditions = new ArrayList<>();
        wanted.forEach((field, values) -> conditions.add(
                cell -> values.contains(FIELDS.get(field).apply(cell).toLowerCase(java.util.Locale.ROOT))));
        return new CellFilter(trimmed, cell -> conditions.stream().allMatch(condition -> condition.test(cell)));
    }

    @Override
    public boolean test(Cell cell) {
        return test.test(cell);
    }

    /** The filter as the user wrote it; empty for every cell. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "every cell" : text;
    }

    private static String glob(String pattern) {
        return java.util.Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote)
                .collect(java.util.stream.Collectors.joining(".*"));
    }

    private static Map<String, Function<Cell, String>> fields() {
        Map<String, Function<Cell, String>> fields = new LinkedHashMap<>();
        fields.put("backend", Cell::backend);
        fields.put("variant", Cell::variant);
        fields.put("kind", cell -> cell.kind().id());
        fields.put("seq", cell -> Integer.toString(cell.seqLen()));
        fields.put("batch", cell -> Integer.toString(cell.batch()));
        fields.put("hidden", cell -> Integer.toString(cell.hiddenSize()));
        fields.put("layers", cell -> Integer.toString(cell.layers()));
        fields.put("threads", cell -> Integer.toString(cell.threads()));
        fields.put("device", Cell::device);
        fields.put("precision", Cell::precision);
        return java.util.Collections.unmodifiableMap(fields);
    }
}
