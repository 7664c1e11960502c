package org.seqbench.harness.cli;

import java.util.Collection;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * What the parse result knows about flags: which were given, under the name the user typed. {@code command} may be
 * a mixin's spec: a nested mixin's is the mixin around it, so the command line's own spec is looked up first.
 */
final class Flags {
    private Flags() {
    }

    /** The {@code options} of {@code command} that were given, each named as typed, in declaration order. */
    static List<String> given(CommandSpec command, Collection<OptionSpec> options) {
        ParseResult parsed = command.commandLine().getParseResult();
        return options.stream().filter(parsed::hasMatchedOption).map(option -> typed(parsed, option)).toList();
    }

    /** Whether the option called {@code name} (any of its names) was given. */
    static boolean given(CommandSpec command, String name) {
        return command.commandLine().getParseResult().hasMatchedOption(name);
    }

    /**
     * The option called {@code name} as the user typed it ({@code --hidden} for {@code --hidden-size}), so that a
     * message names what the user wrote; {@code name} itself when it was not given.
     */
    static String typed(CommandSpec command, String name) {
        ParseResult parsed = command.commandLine().getParseResult();
        OptionSpec option = command.commandLine().getCommandSpec().findOption(name);
        return option != null && parsed.hasMatchedOption(option) ? typed(parsed, option) : name;
    }

    private static String typed(ParseResult parsed, OptionSpec option) {
        for (String argument : parsed.originalArgs()) {
            for (String name : option.names()) {
                if (argument.equals(name) || argument.startsWith(name + "=")) {
                    return name;
                }
            }
        }
        return option.longestName();
    }
}
