package org.seqbench.harness.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.results.Environment;
import org.seqbench.results.Json;
import org.seqbench.spi.BackendProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code seqbench backends}: every discovered backend, its availability (or why not), engine version and device. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List every discovered backend: availability (or why not), engine version, device, kinds.")
final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<BackendProvider> providers = seqbench.backends();
        if (json) {
            List<Environment.BackendInfo> infos = providers.stream().map(EnvironmentProbe::describe).toList();
            out.println(Json.mapper().writeValueAsString(infos));
            return 0;
        }
        if (providers.isEmpty()) {
            out.println("no backends found on the class path");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"id", "engine", "version", "device", "status", "kinds and variants"});
        for (BackendProvider provider : providers) {
            boolean available = provider.availability().available();
            String kinds = provider.supportedKinds().stream().sorted()
                    .map(kind -> kind.id() + " (" + String.join(", ", provider.variants(kind)) + ")")
                    .collect(Collectors.joining("; "));
            rows.add(new String[] {provider.id(), provider.name(), provider.engineVersion(), provider.device(),
                    available ? "available" : "unavailable: " + provider.availability().reason(), kinds});
        }
        Tables.print(out, rows);
        return 0;
    }
}
