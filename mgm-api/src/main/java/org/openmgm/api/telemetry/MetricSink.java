package org.openmgm.api.telemetry;

/**
 * Receives the values of one collection. {@code labels} are name/value pairs in order
 * ({@code "interface", "eth1", "type", "query"}); one metric name always carries the same label names.
 * The same name reported twice with the same label values is summed.
 */
public interface MetricSink {

    /** A monotonically increasing count since the component started; {@code name} without {@code _total}. */
    void counter(String name, String help, double value, String... labels);

    /** A value that goes up and down (table sizes, neighbours, queue depths). */
    void gauge(String name, String help, double value, String... labels);
}
