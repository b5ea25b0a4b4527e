package io.vigil.detect.jump;

import io.vigil.detect.DetectorScore;
import io.vigil.detect.ScoreMapping;
import io.vigil.detect.SeriesDetector;
import io.vigil.model.Direction;
import io.vigil.model.FeatureVector;

/** How far a point jumped from the previous one, in units of the series' mean jump. */
final class JumpDetector implements SeriesDetector<JumpState> {
    private final JumpConfig config;
    private double last;
    private double meanJump;
    private long count;

    JumpDetector(JumpConfig config, JumpState s) {
        this.config = config;
        this.last = s.last();
        this.meanJump = s.meanJump();
        this.count = s.count();
    }

    @Override
    public DetectorScore score(FeatureVector p) {
        if (count < config.warmup() || !(meanJump > 0)) {
            return DetectorScore.COLD;
        }
        double jump = p.value() - last;
        double z = Math.abs(jump) / (1.2533 * meanJump);
        return new DetectorScore(true, ScoreMapping.score(z, config.sensitivity()), z, last, Double.NaN, Double.NaN,
                jump >= 0 ? Direction.UP : Direction.DOWN);
    }

    @Override
    public void learn(FeatureVector p) {
        if (!Double.isNaN(last)) {
            count++;
            meanJump += (Math.abs(p.value() - last) - meanJump) / count;
        }
        last = p.value();
    }

    @Override
    public JumpState toState() {
        return new JumpState(JumpState.VERSION, last, meanJump, count);
    }
}
