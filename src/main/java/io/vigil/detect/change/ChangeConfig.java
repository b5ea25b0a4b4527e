package io.vigil.detect.change;

import io.vigil.config.DetectorSettings;

/**
 * The sequential change detector's settings ({@code detect.change.*}).
 *
 * @param shift the smallest lasting mean shift it is tuned for, in the primary model's σ
 * @param spread the smallest lasting rise of the noise's spread it is tuned for (a ratio of σ)
 * @param rebaselineMs how long a change may stay in progress before it is the new normal
 */
public record ChangeConfig(boolean enabled, double shift, double spread, long rebaselineMs)
        implements DetectorSettings {}
