package io.vigil.detect.iforest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which features made a vector anomalous, in terms a person can act on: each feature in turn is set
 * back to its typical value (the training median) and the drop in the forest's score is that
 * feature's share. First-order only: a lone feature far from normal stands out clearly; in a broken
 * relation, putting one side back to the median can also move a correlated, innocent feature (load
 * 90 with threads 18 is consistent, but 18 is far from the median 10), so read the top few together.
 * When no feature alone lowers the score, the features farthest from typical (in robust spreads)
 * are named with share 0.
 */
public final class ForestExplainer {
    private ForestExplainer() {}

    /**
     * One feature's part in the score.
     *
     * @param drop how much the normalised score falls when this feature is typical
     */
    public record Contribution(String feature, double value, double typical, double drop) {}

    /** Features whose typical value lowers the score, largest drop first, at most {@code limit}. */
    public static List<Contribution> explain(ForestModels.Model m, double[] x, int limit) {
        double base = m.normalised(x);
        List<Contribution> out = new ArrayList<>();
        double[] probe = x.clone();
        for (int j = 0; j < x.length; j++) {
            probe[j] = m.center()[j];
            double drop = base - m.normalised(probe);
            probe[j] = x[j];
            if (drop > 0) {
                out.add(new Contribution(m.features().get(j), x[j], m.center()[j], drop));
            }
        }
        if (out.isEmpty()) {
            // No single feature lowers the score on its own (a combination does): name the features
            // farthest from typical in their own spread, with no share of the score.
            for (int j = 0; j < x.length; j++) {
                out.add(new Contribution(m.features().get(j), x[j], m.center()[j], 0));
            }
            out.sort(Comparator.comparingDouble((Contribution c) -> Math.abs(c.value() - c.typical())
                    / Math.max(1e-12, m.scale()[m.features().indexOf(c.feature())])).reversed());
        } else {
            out.sort(Comparator.comparingDouble(Contribution::drop).reversed());
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }
}
