package org.openmgm.api.telemetry;

/**
 * A component's metrics, collected on demand. Publish it as an OSGi service (whiteboard); the exporter
 * calls {@link #collect} on its own thread for every scrape, so an implementation reads its counters
 * without blocking the component's threads for long (a snapshot under the component's lock is fine).
 */
@FunctionalInterface
public interface MetricSource {

    /** Reports every current value to {@code sink}; called concurrently with the component's work. */
    void collect(MetricSink sink);
}
