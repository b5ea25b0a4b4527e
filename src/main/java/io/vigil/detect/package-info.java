/**
 * Detection: every point of a series scored by the detector modules ({@link
 * io.vigil.detect.DetectorModules}: seasonal, Isolation Forest, robust), calibrated per series,
 * combined into one score and passed through the series' controls. {@link
 * io.vigil.detect.DetectEngine} holds the rule; {@link io.vigil.detect.ScorePoints} (uid {@code
 * detect-score}) hosts it over keyed state, {@link io.vigil.detect.SeriesEngine} in memory for the
 * evaluation. Each module package ({@code robust}, {@code seasonal}, {@code iforest}) has its
 * settings record, its versioned state record and its detector; {@code calibrate} and {@code
 * control} are shared by all.
 */
package io.vigil.detect;
