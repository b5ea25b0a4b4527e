package io.vigil.config;

import io.vigil.model.InputFormat;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * How samples are decoded and timed.
 *
 * @param maxAhead how far a sample may be ahead of both its partition's newest sample and the wall
 *     clock (see {@link io.vigil.ingest.SampleTimes})
 * @param labelLimits the labels a series may carry
 * @param seriesLimits how many series the job keeps state for, in all and per tenant
 * @param csvColumns the header of the CSV being replayed (empty unless the format is CSV)
 */
public record IngestConfig(
        InputFormat format, Duration maxOutOfOrderness, Duration idleness, Duration maxAhead, LabelLimits labelLimits,
        SeriesLimits seriesLimits, List<String> csvColumns)
        implements Serializable {

    public IngestConfig withCsvColumns(List<String> columns) {
        return new IngestConfig(InputFormat.CSV, maxOutOfOrderness, idleness, maxAhead, labelLimits, seriesLimits,
                List.copyOf(columns));
    }

    public IngestConfig withMaxOutOfOrderness(Duration d) {
        return new IngestConfig(format, d, idleness, maxAhead, labelLimits, seriesLimits, csvColumns);
    }
}
