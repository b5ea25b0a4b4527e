/**
 * Measurement: NAB scoring ({@code nab}), labelled incidents, the root-cause benchmark ({@code rca}),
 * and the drivers that run the product's own classes in memory — {@link io.vigil.eval.SeriesChain}
 * row by row, {@link io.vigil.eval.ReplayDriver} over a replay file — so what is measured is what
 * runs in the job.
 */
package io.vigil.eval;
