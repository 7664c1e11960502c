package org.seqbench.harness.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.seqbench.spi.BackendProvider;

/** Picks backends by id from the discovered ones. */
public final class BackendSelection {
    private BackendSelection() {
    }

    /**
     * The discovered backends named in {@code wanted}, in that order; all of them when {@code wanted} is empty.
     *
     * @throws UserError naming an unknown id and the discovered ones
     */
    public static List<BackendProvider> select(List<String> wanted, List<BackendProvider> discovered) {
        if (wanted.isEmpty()) {
            return discovered;
        }
        Map<String, BackendProvider> byId = discovered.stream()
                .collect(Collectors.toMap(BackendProvider::id, Function.identity()));
        List<BackendProvider> selected = new ArrayList<>();
        for (String id : wanted) {
            BackendProvider provider = byId.get(id);
            if (provider == null) {
                throw new UserError("unknown backend '" + id + "'; discovered: "
                        + (byId.isEmpty() ? "none" : String.join(", ", byId.keySet().stream().sorted().toList())));
            }
            if (!selected.contains(provider)) {
                selected.add(provider);
            }
        }
        return selected;
    }
}
