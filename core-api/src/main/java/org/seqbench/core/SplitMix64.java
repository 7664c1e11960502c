package org.seqbench.core;

/**
 * The SplitMix64 generator (Steele, Lea and Flood, 2014), written out so that seqbench's weights and inputs are
 * bit-identical on every JVM and platform: the JDK does not promise that its generators' derived methods
 * ({@code nextGaussian}, {@code nextDouble}) keep their algorithms across releases. Public so that the accuracy
 * studies' tasks are drawn from the same reproducible streams as the weights and inputs.
 */
public final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    public SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for one named stream: the same seed and name always give the same sequence. */
    public static SplitMix64 forStream(long seed, String streamName) {
        return new SplitMix64(mix(seed ^ mix(streamName.hashCode() * GOLDEN_GAMMA)));
    }

    public long nextLong() {
        return mix(state += GOLDEN_GAMMA);
    }

    /** Uniform in [0, 1), 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [low, high). */
    public double nextUniform(double low, double high) {
        return low + (high - low) * nextDouble();
    }

    /** Standard normal by the Box-Muller transform, with StrictMath so that the result is reproducible. */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log(u1) is finite
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * StrictMath.PI * u2);
    }

    /**
     * Uniform in [0, bound), by Lemire's multiply-and-reject so that every value is equally likely.
     *
     * @throws IllegalArgumentException if bound is not positive
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long product = (nextLong() >>> 32) * bound;
            if ((product & 0xFFFFFFFFL) >= threshold) {
                return (int) (product >>> 32);
            }
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
