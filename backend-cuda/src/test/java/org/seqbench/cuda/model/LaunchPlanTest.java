package org.seqbench.cuda.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The plan refuses, at construction, every step that would reach outside its buffers. */
class LaunchPlanTest {
    private final Buffer x = new Buffer("x", Buffer.Role.INPUT, 30);
    private final Buffer w = new Buffer("w", Buffer.Role.WEIGHT, 48);
    private final Buffer y = new Buffer("y", Buffer.Role.WORKSPACE, 160);

    @Test
    void aConsistentPlanIsAccepted() {
        LaunchPlan plan = new LaunchPlan("test", List.of(x, w, y), List.of(product(Matrix.dense(y, 10, 16))), y,
                List.of(10, 16));
        assertEquals(160, plan.outputFloats());
        assertEquals(30 + 160, plan.preparedFloats());
    }

    @Test
    void aProductWritingPastItsBufferIsRefused() {
        Buffer small = new Buffer("y", Buffer.Role.WORKSPACE, 159);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LaunchPlan("test",
                List.of(x, w, small), List.of(product(Matrix.dense(small, 10, 16))), small, List.of(159)));
        assertTrue(e.getMessage().contains("reads C up to float 160 of y, which holds 159"), e.getMessage());
    }

    @Test
    void aBatchedProductsLastMatrixCountsAgainstTheBuffer() {
        Buffer scores = new Buffer("s", Buffer.Role.WORKSPACE, 3 * 16 - 1);
        Buffer heads = new Buffer("h", Buffer.Role.WORKSPACE, 48);
        Gemm gemm = Gemm.batched("s = q · kᵀ", new Matrix(heads, 0, 4, 2, 2), false, new Matrix(heads, 24, 4, 2, 2),
                true, Matrix.dense(scores, 4, 4), 3, 8, 8, 16);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LaunchPlan("test", List.of(heads, scores), List.of(gemm), scores, List.of(1)));
        assertTrue(e.getMessage().contains("reads C up to float 48 of s, which holds 47"), e.getMessage());
    }

    @Test
    void aStepUsingABufferOutsideThePlanIsRefused() {
        Buffer stranger = new Buffer("y", Buffer.Role.WORKSPACE, 200);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LaunchPlan("test",
                List.of(x, w, y), List.of(product(Matrix.dense(stranger, 10, 16))), y, List.of(1)));
        assertTrue(e.getMessage().contains("which is not one of the plan's buffers"), e.getMessage());
    }

    @Test
    void anOutputLargerThanItsBufferIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LaunchPlan("test", List.of(x, w, y), List.of(), y, List.of(11, 16)));
        assertTrue(e.getMessage().contains("needs 176 floats, y holds 160"), e.getMessage());
    }

    @Test
    void twoBuffersWithOneNameAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new LaunchPlan("test", List.of(x, new Buffer("x", Buffer.Role.WORKSPACE, 1)), List.of(), x,
                        List.of(1)));
    }

    @Test
    void aLaunchWithTheWrongArgumentTypesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Launch(Kernels.ADD_BIAS, 1, 256, List.of(y, w, 2, 3L)));
        assertTrue(e.getMessage().contains("argument 'width' must be a Integer, got Long"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Launch(Kernels.ADD_BIAS, 1, 2048, List.of(y, w, 1, 1)));
    }

    private Gemm product(Matrix c) {
        return Gemm.of("y = x · wᵀ", Matrix.dense(x, 10, 3), false, Matrix.dense(w, 16, 3), true, c);
    }
}
