/**
 * Metrics that components report for an exporter (Prometheus text format, {@code openmgm-ctl metrics}).
 *
 * <p>A component publishes a {@link org.openmgm.api.telemetry.MetricSource} as an OSGi service; the
 * exporter calls {@link org.openmgm.api.telemetry.MetricSource#collect} on every scrape and renders what
 * the sink received. Names are {@code openmgm_<component>_<what>} in snake case, counters without the
 * {@code _total} suffix (the exporter adds it). Labels are low-cardinality only: interface names,
 * protocol names, states, message types, drop reasons. Never a source or group address: per-(S,G)
 * figures stay in {@code mgm:mfestats}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.openmgm.api.telemetry;
