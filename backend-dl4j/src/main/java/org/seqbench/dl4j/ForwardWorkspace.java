package org.seqbench.dl4j;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The memory of one network's forward passes: an ND4J workspace, one block learnt on the first pass and reused by
 * every later one. Every array a pass allocates inside it, including the temporaries ND4J makes on its own (a
 * product into a view, say), is gone when the pass ends, and the next pass reuses the block: no allocation per
 * operation, and no native memory left for the garbage collector to find. A larger input grows the block once.
 *
 * <p>ND4J's workspaces belong to a thread; a model used from several threads gets one block per thread, and
 * {@link #close()} frees the calling thread's.
 */
final class ForwardWorkspace implements AutoCloseable {
    private static final AtomicLong COUNT = new AtomicLong();
    private static final WorkspaceConfiguration CONFIGURATION = WorkspaceConfiguration.builder()
            .initialSize(0)
            .policyAllocation(AllocationPolicy.STRICT)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .build();

    private final String id = "seqbench-dl4j-forward-" + COUNT.incrementAndGet();

    /**
     * Runs {@code pass} inside the workspace.
     *
     * @return the pass's result, copied out of the workspace into an array the caller closes
     */
    INDArray run(Supplier<INDArray> pass) {
        try (MemoryWorkspace _ = manager().getAndActivateWorkspace(CONFIGURATION, id)) {
            return pass.get().detach();
        }
    }

    @Override
    public void close() {
        if (manager().checkIfWorkspaceExists(id)) {
            manager().getWorkspaceForCurrentThread(id).destroyWorkspace();
        }
    }

    private static MemoryWorkspaceManager manager() {
        return Nd4j.getWorkspaceManager();
    }
}
