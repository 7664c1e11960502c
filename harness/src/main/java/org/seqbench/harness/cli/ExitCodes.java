package org.seqbench.harness.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.seqbench.harness.sweep.UserError;
import org.seqbench.spi.BackendException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * What an exception means for the user, from its type alone: a {@link UserError} (or an option picocli rejects) is
 * the user's mistake, status 2; anything else is a failure of a backend or of seqbench, status 1. Only seqbench's
 * own explicit types count as the user's: an {@link IllegalArgumentException} may come from a backend's bug as
 * well, so the command line translates the user's ones into a {@code UserError} where it reads the user's input.
 */
final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler {
    /** Exit status for a mistake in the user's input. */
    static final int BAD_INPUT = 2;
    /** Exit status for a failure of what was measured, or of seqbench. */
    static final int FAILURE = 1;

    @Override
    public int getExitCode(Throwable error) {
        return error instanceof UserError || error instanceof CommandLine.ParameterException ? BAD_INPUT : FAILURE;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine failing, ParseResult parseResult) {
        PrintWriter stderr = failing.getErr();
        stderr.println(failing.getCommandSpec().qualifiedName() + ": " + oneLine(message(error, isDebug(parseResult))));
        if (isDebug(parseResult)) {
            error.printStackTrace(stderr);
        }
        stderr.flush();
        return getExitCode(error);
    }

    private static String message(Exception error, boolean debug) {
        return switch (error) {
            case UserError user -> user.getMessage();
            case BackendException backend -> backend.getMessage();
            case IOException io -> "input/output error: " + IoErrors.describe(io) + " (" + io.getMessage() + ")";
            case UncheckedIOException io -> "input/output error: " + IoErrors.describe(io.getCause()) + " ("
                    + io.getMessage() + ")";
            default -> "unexpected error, a fault of seqbench or a backend, not of the input: " + error
                    + (debug ? "" : " (run with --debug for the stack trace)");
        };
    }

    static boolean isDebug(ParseResult parseResult) {
        ParseResult command = parseResult;
        while (command != null) {
            if (command.hasMatchedOption("--debug")) {
                return true;
            }
            command = command.subcommand();
        }
        return false;
    }

    /** Messages from parsers (YAML, JSON) can span lines; a user error is reported on one. */
    static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
