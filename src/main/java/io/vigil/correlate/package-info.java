/**
 * Correlation: each point's service ({@link io.vigil.correlate.ServiceResolver}, applied by {@link
 * io.vigil.correlate.AttributeServices}, uid {@code correlate-services}), incidents as event-time
 * sessions per scope ({@link io.vigil.correlate.IncidentSession}, hosted by {@link
 * io.vigil.correlate.GroupIncidents}, uid {@code correlate-incidents}) and their root causes ranked
 * on the service graph ({@link io.vigil.correlate.RootCauseRanker}). The graph is read from {@code
 * services.yaml} here and reread while the job runs.
 */
package io.vigil.correlate;
