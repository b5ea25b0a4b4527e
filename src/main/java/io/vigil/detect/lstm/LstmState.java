package io.vigil.detect.lstm;

/**
 * One series' state for the LSTM forecaster (keyed state {@code detector-lstm-v1}): its recurrent
 * state under its family's network, its normaliser and its own noise. About 250 bytes at 16 hidden
 * units, 380 at 32. The network's weights are not here: they are the family's.
 *
 * @param modelId the network {@code h} and {@code c} belong to (0 none): another network starts them over
 * @param forecast the forecast of this point, made at the last one, in baseline units (NaN none)
 * @param steps steps run under this network
 * @param noise mean square forecast error, in baseline units
 * @param noiseCount errors in {@code noise}
 * @param lastMs the last point's time: a point that does not follow it by one step starts the state over
 * @param recent the squared errors, in noise units, of the last points scored (newest first)
 */
public record LstmState(int version, long modelId, float[] h, float[] c, double level, double scale,
        long baselineCount, double forecast, int steps, double noise, long noiseCount, long lastMs, float[] recent) {
    public static final int VERSION = 1;
}
