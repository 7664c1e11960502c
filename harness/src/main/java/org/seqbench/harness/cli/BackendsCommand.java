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
import org.seqbench.spi.EngineSetting;
import org.seqbench.spi.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code seqbench backends}: every discovered backend, its availability (or why not), engine version and device; with
 * {@code --settings}, the engine settings each declares for {@code run --engine-option}.
 */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = {"List every discovered backend: availability (or why not), engine version, device, kinds.",
                "With --settings, the engine settings each honours (run --engine-option ID.KEY=VALUE)."})
final class BackendsCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--settings", description = "List each backend's engine settings: values (default first), when "
            + "the engine takes them, what they do.")
    boolean settings;

    /** One engine setting of one backend, as {@code --settings --json} prints it. */
    record SettingInfo(String backend, String key, List<String> values, String defaultValue, String scope,
            String description) {
    }

    @ParentCommand
    SeqbenchCommand seqbench;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<BackendProvider> providers = seqbench.backends();
        if (settings) {
            return listSettings(out, providers);
        }
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
        rows.add(new String[] {"id", "engine", "version", "device", "arithmetic", "status", "kinds and variants"});
        for (BackendProvider provider : providers) {
            boolean available = provider.availability().available();
            String kinds = provider.supportedKinds().stream().sorted()
                    .map(kind -> kind.id() + " (" + String.join(", ", provider.variants(kind)) + ")")
                    .collect(Collectors.joining("; "));
            String arithmetic = provider.precisions().stream().map(Precision::id).collect(Collectors.joining(","));
            rows.add(new String[] {provider.id(), provider.name(), provider.engineVersion(), provider.device(),
                    arithmetic, available ? "available" : "unavailable: " + provider.availability().reason(), kinds});
        }
        Tables.print(out, rows);
        return 0;
    }

    private int listSettings(PrintWriter out, List<BackendProvider> providers) throws Exception {
        List<SettingInfo> infos = new ArrayList<>();
        for (BackendProvider provider : providers) {
            for (EngineSetting setting : provider.settings()) {
                infos.add(new SettingInfo(provider.id(), setting.key(), setting.values(), setting.defaultValue(),
                        setting.scope() == EngineSetting.Scope.MODEL ? "per model" : "at engine start",
                        setting.description()));
            }
        }
        if (json) {
            out.println(Json.mapper().writeValueAsString(infos));
            return 0;
        }
        if (infos.isEmpty()) {
            out.println("no backend on the class path declares engine settings");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"--engine-option", "values (default first)", "taken", "what it does"});
        for (SettingInfo info : infos) {
            rows.add(new String[] {info.backend() + "." + info.key() + "=VALUE", String.join(", ", info.values()),
                    info.scope(), info.description()});
        }
        Tables.print(out, rows);
        return 0;
    }
}
