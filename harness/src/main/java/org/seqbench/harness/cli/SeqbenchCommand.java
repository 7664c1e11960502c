package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.seqbench.harness.run.EnvironmentProbe;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.spi.BackendException;
import org.seqbench.spi.BackendProvider;
import org.seqbench.spi.Backends;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;

/**
 * {@code seqbench}: the command line. Exit status 0 means success, 1 a failure of the measured software (a
 * backend's error, a cell that failed, outputs that differ from the reference), 2 a mistake in the input (a bad
 * option value or file), which is always reported as one line naming the value and what is accepted.
 */
@Command(name = "seqbench", mixinStandardHelpOptions = true, versionProvider = SeqbenchCommand.Version.class,
        description = "Measures RNN, LSTM, GRU and Transformer models on the JVM's deep learning engines.",
        subcommands = {RunCommand.class, ReportCommand.class, BackendsCommand.class, VerifyCommand.class,
                ExportCommand.class, CommandLine.HelpCommand.class})
public final class SeqbenchCommand implements Runnable {
    /** Exit status for a mistake in the user's input. */
    public static final int BAD_INPUT = 2;
    /** Exit status for a failure of what was measured. */
    public static final int FAILURE = 1;

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
        CommandLine commandLine = new CommandLine(new SeqbenchCommand(discovery));
        commandLine.setHelpFactory(PrimaryNameFirst::new);
        commandLine.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        commandLine.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            CommandLine failing = error.getCommandLine();
            failing.getErr().println(failing.getCommandSpec().qualifiedName() + ": "
                    + oneLine(error.getMessage()) + " (see '" + failing.getCommandSpec().qualifiedName()
                    + " --help')");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((error, failing, parseResult) -> {
            PrintWriter stderr = failing.getErr();
            int status;
            String message;
            if (error instanceof UserError || error instanceof IllegalArgumentException) {
                status = BAD_INPUT;
                message = error.getMessage();
            } else if (error instanceof BackendException) {
                status = FAILURE;
                message = error.getMessage();
            } else if (error instanceof IOException io) {
                status = FAILURE;
                message = "input/output error: " + IoErrors.describe(io) + " (" + io.getMessage() + ")";
            } else if (error instanceof UncheckedIOException io) {
                status = FAILURE;
                message = "input/output error: " + IoErrors.describe(io.getCause()) + " (" + io.getMessage() + ")";
            } else {
                status = FAILURE;
                message = "unexpected error: " + error + (isDebug(parseResult) ? ""
                        : " (run with --debug for the stack trace)");
            }
            stderr.println(name(failing) + ": " + oneLine(message));
            if (isDebug(parseResult)) {
                error.printStackTrace(stderr);
            }
            stderr.flush();
            return status;
        });
        return commandLine.execute(args);
    }

    private static boolean isDebug(CommandLine.ParseResult parseResult) {
        CommandLine.ParseResult top = parseResult;
        while (top != null) {
            if (top.hasMatchedOption("--debug")) {
                return true;
            }
            top = top.subcommand();
        }
        return false;
    }

    /** Messages from parsers (YAML, JSON) can span lines; a user error is reported on one. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    private static String name(CommandLine commandLine) {
        return commandLine.getCommandSpec().qualifiedName();
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
