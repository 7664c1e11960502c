package org.seqbench.harness.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Help that lists an option's names in the order they are declared: its name first, then the earlier spellings kept
 * as aliases ({@code --seq-lens, --seq}). picocli lists the shortest first, which would show the old spelling as if
 * it were the name.
 */
final class PrimaryNameFirst extends Help {
    PrimaryNameFirst(CommandSpec command, ColorScheme colorScheme) {
        super(command, colorScheme);
    }

    @Override
    public IOptionRenderer createDefaultOptionRenderer() {
        IOptionRenderer standard = super.createDefaultOptionRenderer();
        return (option, labels, scheme) -> {
            Text[][] rows = standard.render(option, labels, scheme);
            if (hasAliases(option)) {
                // The names and the parameter label are the fourth column of the first row.
                rows[0][3] = scheme.optionText(String.join(", ", option.names()))
                        .concat(labels.renderParameterLabel(option, scheme.ansi(), scheme.optionParamStyles()));
            }
            return rows;
        };
    }

    /** Long names only, more than one, and no negated form (picocli writes that one as {@code --[no-]x}). */
    private static boolean hasAliases(OptionSpec option) {
        return option.names().length > 1 && !option.negatable()
                && java.util.Arrays.stream(option.names()).allMatch(name -> name.startsWith("--"));
    }
}
