package org.seqbench.harness.measure;

import java.util.Map;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;

/**
 * What every probe kernel's fork does besides its benchmark: accounts other processes' CPU over each measurement
 * iteration and writes its {@link ProbeFacts} once the trial ends. JMH runs the hooks of a superclass as its own
 * (JMH sample 24, inheritance), so each kernel says only what it measures and which facts it knows.
 */
@State(Scope.Benchmark)
public abstract class ProbeBenchmark {
    private final ProbeFacts facts = new ProbeFacts();

    /** JMH's fork notices its host's death only when it next reports; {@link ParentWatch} ends it at once. */
    @Setup(Level.Trial)
    public void watchParent() {
        ParentWatch.startIfAsked();
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams iteration) {
        facts.beginIteration(iteration);
    }

    @TearDown(Level.Iteration)
    public void endIteration(IterationParams iteration) {
        facts.endIteration(iteration);
    }

    @TearDown(Level.Trial)
    public void report() {
        facts.write(kernelFacts());
    }

    /** Facts only the fork can know (the vector width its JIT chose); none by default. */
    protected Map<String, String> kernelFacts() {
        return Map.of();
    }
}
