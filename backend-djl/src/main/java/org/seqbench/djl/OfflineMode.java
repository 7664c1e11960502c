package org.seqbench.djl;

/**
 * Keeps DJL from reaching the network. Without {@code ai.djl.offline=true} DJL sends a telemetry request when the
 * engine starts and would download a libtorch build it does not find; this backend ships libtorch and its JNI
 * bridge as Maven jars, so it never needs either. Set by the backend itself, not left to the launcher, so that
 * anyone embedding it is safe too.
 */
final class OfflineMode {
    /** DJL's switch; its environment twin {@code DJL_OFFLINE} is read only when the property is absent. */
    static final String PROPERTY = "ai.djl.offline";

    private OfflineMode() {
    }

    /**
     * Turns offline mode on unless the property was set explicitly (a user who writes
     * {@code -Dai.djl.offline=false} has asked for downloads). Call before the engine starts.
     */
    static void ensure() {
        synchronized (System.getProperties()) {
            if (System.getProperty(PROPERTY) == null) {
                System.setProperty(PROPERTY, "true");
            }
        }
    }
}
