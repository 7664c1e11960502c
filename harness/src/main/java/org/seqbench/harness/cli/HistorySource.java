package org.seqbench.harness.cli;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.seqbench.harness.sweep.UserError;

/**
 * A source of runs named {@code history:BRANCH[~N]} on the command line: the last {@code N} runs (1 when not given)
 * recorded under {@code BRANCH} in the history database. Git forbids {@code ~} in branch names, so it cannot be
 * part of one.
 *
 * @param branch the branch
 * @param runs how many of its newest runs, at least 1
 */
record HistorySource(String branch, int runs) {
    static final String PREFIX = "history:";
    /** The most runs one source pools: beyond it a baseline reaches back further than any gate needs. */
    static final int MOST_RUNS = 100;
    private static final Pattern FORM = Pattern.compile("history:([^~\\s]+)(?:~(\\d{1,9}))?");

    /** The source {@code text} names, or empty when it names no history ({@code runs/a}, say). */
    static Optional<HistorySource> parse(String text) {
        if (!text.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Matcher matcher = FORM.matcher(text);
        if (!matcher.matches()) {
            throw new UserError("'" + text + "' is not a history source; write history:BRANCH for a branch's newest "
                    + "run or history:BRANCH~N for its newest N runs (history:main~5)");
        }
        int runs = matcher.group(2) == null ? 1 : Integer.parseInt(matcher.group(2));
        if (runs < 1 || runs > MOST_RUNS) {
            throw new UserError("'" + text + "': ~" + matcher.group(2) + " runs is not accepted; give 1 to "
                    + MOST_RUNS);
        }
        return Optional.of(new HistorySource(matcher.group(1), runs));
    }

    @Override
    public String toString() {
        return PREFIX + branch + (runs == 1 ? "" : "~" + runs);
    }
}
