/**
 * Training from history: samples from a CSV file or Prometheus' {@code query_range} API, run per
 * series through the job's own engine to the state the stream would have after it, and published
 * to the model store ({@link io.vigil.detect.store}).
 */
package io.vigil.train;
