package io.vigil.detect.iforest;

import java.util.Arrays;

/**
 * State of {@link ScoreEntities}: the values an entity's series have at one grid step so far, in
 * arrival order (an entity has a handful of series, so a linear search beats a map), and the
 * service its first series names (where incidents place the entity).
 */
public record EntityStep(String service, String[] series, double[] values) {
    static EntityStep empty(String service) {
        return new EntityStep(service, new String[0], new double[0]);
    }

    EntityStep with(String s, double v) {
        for (int i = 0; i < series.length; i++) {
            if (series[i].equals(s)) {
                double[] nv = values.clone();
                nv[i] = v;
                return new EntityStep(service, series, nv);
            }
        }
        String[] ns = Arrays.copyOf(series, series.length + 1);
        double[] nv = Arrays.copyOf(values, values.length + 1);
        ns[series.length] = s;
        nv[values.length] = v;
        return new EntityStep(service, ns, nv);
    }

    /** The value of {@code s} at this step, or NaN when it has none. */
    double valueOf(String s) {
        for (int i = 0; i < series.length; i++) {
            if (series[i].equals(s)) {
                return values[i];
            }
        }
        return Double.NaN;
    }
}
