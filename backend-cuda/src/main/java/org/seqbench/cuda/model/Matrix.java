package org.seqbench.cuda.model;

/**
 * A row-major matrix inside a buffer: element {@code (r, c)} is at float {@code offset + r * rowStride + c}. A row
 * stride wider than the matrix views a slice, for example one direction's half of {@code [B, T, 2H]} at one time
 * step, without copying it.
 */
public record Matrix(Buffer buffer, long offset, int rows, int columns, int rowStride) {

    public Matrix {
        if (rows < 1 || columns < 1) {
            throw new IllegalArgumentException("a matrix in " + buffer.name() + " needs at least one row and column, got "
                    + rows + " x " + columns);
        }
        if (rowStride < columns) {
            throw new IllegalArgumentException("the row stride of a " + rows + " x " + columns + " matrix in "
                    + buffer.name() + " must be at least its " + columns + " columns, got " + rowStride);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("a matrix in " + buffer.name() + " starts at a float offset >= 0, got "
                    + offset);
        }
    }

    /** A dense matrix at the start of {@code buffer}. */
    public static Matrix dense(Buffer buffer, int rows, int columns) {
        return new Matrix(buffer, 0, rows, columns, columns);
    }

    /** One past the last float this matrix touches: the size its buffer needs. */
    public long end() {
        return offset + (long) (rows - 1) * rowStride + columns;
    }
}
