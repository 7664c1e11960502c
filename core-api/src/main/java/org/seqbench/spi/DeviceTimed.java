package org.seqbench.spi;

/**
 * A {@link BackendModel} that knows how long its last forward pass ran on its device, apart from the host's share
 * (launches, copies to and from the device, synchronisation). The harness reads it after a few extra passes outside
 * JMH's measured region and records it beside the latency, so that a report tells transfer from compute.
 */
public interface DeviceTimed {
    /**
     * The device-side time of the last {@link BackendModel#forward} in milliseconds, e.g. between CUDA events
     * recorded on its stream before the first launch and after the last.
     *
     * @return the time, or {@link Double#NaN} when it is not known (no pass yet, or the device could not time it)
     */
    double lastDeviceMillis();
}
