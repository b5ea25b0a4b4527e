package io.vigil.detect.lstm;

import io.vigil.config.DetectorSettings;

import java.time.Duration;

/**
 * The LSTM forecaster's settings ({@code detect.lstm.*}).
 *
 * @param familyLabel label that splits a metric into families sharing one network ("" none)
 * @param hidden hidden units of the network
 * @param window steps per training window
 * @param maxSeries series per family whose recent history the in-stream fit keeps
 * @param historyPoints grid points kept per such series (the stream's training sequence)
 * @param minPoints points the longest kept series needs before the family's first fit
 * @param refitEvery event time between a family's fits
 * @param baseline time constant of each series' normaliser (its level and scale)
 * @param sensitivity forecast error, in the series' noise units, that scores 0.5
 * @param maxEpochs training epochs at most (early stopping usually ends sooner)
 * @param streamFit whether the stream fits and refits the families' networks (else only trained ones are used)
 */
public record LstmConfig(boolean enabled, String familyLabel, int hidden, int window, int maxSeries,
        int historyPoints, int minPoints, Duration refitEvery, Duration baseline, double sensitivity, int maxEpochs,
        boolean streamFit) implements DetectorSettings {

    /** The trainer's settings for a family's fit ({@code seed} makes it repeatable). */
    public LstmTrainer.Settings trainer(long seed) {
        LstmTrainer.Settings d = LstmTrainer.Settings.DEFAULT;
        return new LstmTrainer.Settings(hidden, window, Math.max(1, window / 4), d.batch(), d.learningRate(), maxEpochs,
                d.patience(), d.validationShare(), d.clipNorm(), seed);
    }

    /** Steps a series' recurrent state needs from zero before its forecasts count (as in training). */
    public int warmupSteps() {
        return Math.max(1, window / 4);
    }
}
