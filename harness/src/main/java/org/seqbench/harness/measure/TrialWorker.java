package org.seqbench.harness.measure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.seqbench.results.Json;

/**
 * The JVM trials run in: started by the sweep for one backend and thread count, it reads {@link TrialRequest}s from
 * standard input, one JSON line each, runs each as one JMH run inside itself ({@link TrialMeasurement#runHere}), and
 * answers each with one line that starts with {@value #REPLY}. A JVM of its own per backend keeps an engine's
 * start-up (native libraries, thread pools) out of every trial but the first, which is what makes several trials a
 * cell affordable; the sweep starts fresh workers each round, so that a cell's trials never share a JVM.
 */
public final class TrialWorker {
    /** The start of every reply line; other output on standard output (a native library's) is not a reply. */
    public static final String REPLY = "seqbench-trial-reply ";

    static final ObjectMapper JSON = Json.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

    /**
     * A trial's answer.
     *
     * @param error why the trial could not measure; null when it did
     */
    public record Reply(String error) {
    }

    private TrialWorker() {
    }

    public static void main(String[] args) throws IOException {
        // A trial outlives a killed sweep otherwise: standard input's end is read only between trials.
        ParentWatch.startIfAsked();
        PrintStream replies = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Whatever an engine or JMH prints goes to the log the sweep gives standard error to, never into the replies.
        System.setOut(System.err);
        BufferedReader requests = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = requests.readLine(); line != null; line = requests.readLine()) {
            if (line.isBlank()) {
                continue;
            }
            String error;
            try {
                error = TrialMeasurement.runHere(JSON.readValue(line, TrialRequest.class));
            } catch (IOException | RuntimeException e) {
                error = "the trial worker could not run the request: " + e;
            }
            replies.println(REPLY + JSON.writeValueAsString(new Reply(error)));
        }
    }
}
