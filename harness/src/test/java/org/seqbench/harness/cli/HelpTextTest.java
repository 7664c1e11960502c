package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's and subcommand's --help renders as written: picocli formats descriptions with
 * {@link String#format}, so a lone {@code %} ("95% interval") makes it warn on stderr and print the raw text.
 */
class HelpTextTest {

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getCommandName().equals("help")) {
                continue;
            }
            List<String> words = new ArrayList<>(path);
            words.add(sub.getCommandName());
            if (!into.contains(words)) {
                into.add(words);
                collect(sub, words, into);
            }
        }
    }

    @Test
    void everyHelpTextFormatsWithoutAPicocliWarning() {
        List<List<String>> commands = new ArrayList<>();
        commands.add(List.of());
        collect(SeqbenchCommand.commandLine(List::of), List.of(), commands);
        for (List<String> command : commands) {
            List<String> args = new ArrayList<>(command);
            args.add("--help");
            ByteArrayOutputStream processErr = new ByteArrayOutputStream();
            PrintStream stderr = System.err;
            CliErrorsTest.Outcome outcome;
            try {
                System.setErr(new PrintStream(processErr, true, StandardCharsets.UTF_8));
                outcome = CliErrorsTest.seqbench(List.of(), args.toArray(String[]::new));
            } finally {
                System.setErr(stderr);
            }
            String warnings = processErr.toString(StandardCharsets.UTF_8) + outcome.err();
            assertEquals(0, outcome.status(), String.join(" ", args) + ": " + warnings);
            assertFalse(warnings.contains("picocli WARN"), String.join(" ", args) + ": " + warnings);
            assertFalse(outcome.out().contains("%n") || outcome.out().contains("%%"),
                    String.join(" ", args) + " prints a format left raw:\n" + outcome.out());
        }
    }
}
