package org.seqbench.harness.measure;

import java.util.Arrays;
import org.seqbench.core.Accuracy;
import org.seqbench.core.ModelSpec;
import org.seqbench.core.Tensor;
import org.seqbench.core.Weights;
import org.seqbench.core.reference.ReferenceModel;
import org.seqbench.results.CellResult;

/**
 * Compares a backend's output with the float64 reference on the first and the last sequence of the batch.
 * Sequences are independent in all four models, so two of them catch a wrong batch stride or a mixed-up
 * sequence as well as all would, at a fraction of the reference's cost on large cells.
 */
public final class AccuracyCheck {
    private AccuracyCheck() {
    }

    public static CellResult.AccuracyFigures firstAndLastSequence(ModelSpec spec, Weights weights, Tensor input,
            Tensor output, double tolerance) {
        int batch = input.dimension(0);
        int[] expectedShape = spec.outputShape(batch, input.dimension(1));
        if (!output.hasShape(expectedShape)) {
            throw new IllegalStateException("the backend returned an output of shape " + output.shapeText()
                    + ", expected " + Arrays.toString(expectedShape));
        }
        ReferenceModel reference = new ReferenceModel(spec, weights);
        int perSequence = reference.outputSizePerSequence(input.dimension(1));
        int[] sequences = batch == 1 ? new int[] {0} : new int[] {0, batch - 1};
        double maxAbsolute = 0;
        double maxRelative = 0;
        for (int sequence : sequences) {
            float[] values = Arrays.copyOfRange(output.data(), sequence * perSequence, (sequence + 1) * perSequence);
            Accuracy accuracy = Accuracy.compare(new Tensor(new int[] {perSequence}, values),
                    reference.forwardSequence(input, sequence), new int[] {perSequence});
            maxAbsolute = Math.max(maxAbsolute, accuracy.maxAbsoluteError());
            maxRelative = Math.max(maxRelative, accuracy.maxRelativeError());
        }
        return new CellResult.AccuracyFigures(maxAbsolute, maxRelative, tolerance, sequences.length);
    }
}
