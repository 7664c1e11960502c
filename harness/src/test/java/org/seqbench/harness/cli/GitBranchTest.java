package org.seqbench.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.seqbench.harness.sweep.UserError;

/** The branch history record files a run under by default, in real git checkouts. */
class GitBranchTest {
    @TempDir
    Path directory;

    private void git(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString(), "-c", "user.name=t", "-c",
                "user.email=t@example.com"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "git is not installed: " + e.getMessage());
            return;
        }
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    @Test
    void theCheckedOutBranchEvenBeforeItsFirstCommit() throws Exception {
        git("init", "-q", "-b", "feature/faster-lstm");
        assertEquals("feature/faster-lstm", GitBranch.of(directory));
        git("commit", "-q", "--allow-empty", "-m", "first");
        assertEquals("feature/faster-lstm", GitBranch.of(directory));
    }

    @Test
    void aDetachedHeadNamesNoBranchAndAsksForOne() throws Exception {
        git("init", "-q", "-b", "main");
        git("commit", "-q", "--allow-empty", "-m", "first");
        git("checkout", "-q", "--detach");
        UserError error = assertThrows(UserError.class, () -> GitBranch.of(directory));
        assertEquals("the git checkout in " + directory + " has a detached HEAD, so it names no branch to record "
                + "the run under; give one with --branch NAME", error.getMessage());
    }

    @Test
    void outsideAGitCheckoutTheBranchIsMain() throws IOException {
        Path plain = Files.createDirectories(directory.resolve("plain"));
        assertEquals(GitBranch.WITHOUT_GIT, GitBranch.of(plain));
    }
}
