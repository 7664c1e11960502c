package org.seqbench.harness.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.seqbench.harness.sweep.UserError;

/**
 * The branch {@code history record} files a run under when none is given: the one checked out in the working
 * directory. {@code git symbolic-ref} rather than {@code rev-parse --abbrev-ref}: it names a branch without commits
 * yet too, and tells a detached HEAD (status 1) apart from no checkout at all (128).
 */
final class GitBranch {
    /** The branch outside a git checkout: a history kept without git has one line of runs. */
    static final String WITHOUT_GIT = "main";

    private GitBranch() {
    }

    /**
     * The branch checked out in {@code directory}; {@value #WITHOUT_GIT} when it is no git checkout or git is not
     * installed.
     *
     * @throws UserError on a detached HEAD (as CI checks out a pull request): a guess would file the run under
     *     another branch's history, so the user must say which with --branch
     */
    static String of(Path directory) {
        try {
            Process git = new ProcessBuilder("git", "-C", directory.toString(), "symbolic-ref", "--short", "-q",
                    "HEAD").redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!git.waitFor(10, TimeUnit.SECONDS)) {
                git.destroyForcibly();
                return WITHOUT_GIT;
            }
            if (git.exitValue() == 0 && !output.isEmpty()) {
                return output;
            }
            if (git.exitValue() == 1) {
                throw new UserError("the git checkout in " + directory.toAbsolutePath() + " has a detached HEAD, so "
                        + "it names no branch to record the run under; give one with --branch NAME");
            }
            return WITHOUT_GIT;
        } catch (IOException e) {
            return WITHOUT_GIT;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return WITHOUT_GIT;
        }
    }
}
