package org.seqbench.harness.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code seqbench}: the command line. Exit status 0 means success, 1 a failure of the measured software (a
 * backend's error, a cell that failed, outputs that differ from the reference), 2 a mistake in the input (a bad
 * option value or file), which is always reported as one line naming the value and what is accepted; see
 * {@link ExitCodes}. The launcher adds {@code ./seqbench test}, the build's tests with its JDK, which never reaches
 * this class.
 */
@Command(name = "seqbench", mixinStandardHelpOptions = true, versionProvider = SeqbenchCommand.Version.class,
        description = "Measures RNN, LSTM, GRU and Transformer models on the JVM's deep learning engines.",
        footer = {"", "The launcher also runs the build's tests with the JDK it picks:",
                "  ./seqbench test [MAVEN_ARGS...]   (mvn -B verify MAVEN_ARGS...)"},
        subcommands = {RunCommand.class, MergeCommand.class, CompareCommand.class, ReportCommand.class,
                RecommendCommand.class, ReproducibilityCommand.class, BackendsCommand.class, VerifyCommand.class,
                ExportCommand.class, ExportResultsCommand.class, HistoryCommand.class, StudyCommand.class,
                CommandLine.HelpCommand.class})
public final class SeqbenchCommand implements Runnable {
    /** Exit status for a mistake in the user's input. */
    public static final int BAD_INPUT = ExitCodes.BAD_INPUT;
    /** Exit status for a failure of what was measured. */
    public static final int FAILURE = ExitCodes.FAILURE;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces of unexpected errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Supplier<List<BackendProvider>> discovery;

    private SeqbenchCommand(Supplier<List<BackendProvider>> discovery) {
        this.discovery = discovery;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The backends the subcommands work with: those on the class path, or a test's. */
    List<BackendProvider> backends() {
        return discovery.get();
    }

    /** Runs the command line with {@code args}, writing to {@code out} and {@code err}; returns the exit status. */
    public static int execute(PrintStream out, PrintStream err, String... args) {
        return execute(Backends::discover, out, err, args);
    }

    /** {@link #execute(PrintStream, PrintStream, String...)} with the backends {@code discovery} gives. */
    static int execute(Supplier<List<BackendProvider>> discovery, PrintStream out, PrintStream err, String... args) {
        CommandLine commandLine = commandLine(discovery);
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine failing = error.getCommandLine();
            failing.getErr().println(failing.getCommandSpec().qualifiedName() + ": "
                    + ExitCodes.oneLine(error.getMessage()) + " (see '" + failing.getCommandSpec().qualifiedName()
                    + " --help')");
            return BAD_INPUT;
        });
        ExitCodes exitCodes = new ExitCodes();
        commandLine.setExitCodeExceptionMapper(exitCodes);
        commandLine.setExecutionExceptionHandler(exitCodes);
        return commandLine.execute(args);
    }

    /**
     * The command line as {@link #execute} runs it, before its streams and handlers are set: for a caller that only
     * parses (the CI examples' test checks every seqbench line in them against it, running none).
     */
    static CommandLine commandLine(Supplier<List<BackendProvider>> discovery) {
        CommandLine commandLine = new CommandLine(new SeqbenchCommand(discovery));
        commandLine.setHelpFactory(PrimaryNameFirst::new);
        return commandLine;
    }

    /** The version from the jar manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"seqbench " + EnvironmentProbe.version(),
                    "Java " + System.getProperty("java.runtime.version")};
        }
    }
}
