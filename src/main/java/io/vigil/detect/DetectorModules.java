package io.vigil.detect;

import io.vigil.config.DetectConfig;
import io.vigil.config.DetectorCatalog;
import io.vigil.config.DetectorSettings;
import io.vigil.detect.change.ChangeModule;
import io.vigil.detect.entity.EntityModule;
import io.vigil.detect.iforest.IsolationModule;
import io.vigil.detect.lstm.LstmModule;
import io.vigil.detect.robust.RobustModule;
import io.vigil.detect.seasonal.SeasonalModule;

import java.util.ArrayList;
import java.util.List;

/**
 * The detector modules, in the order the engine consults them: models of the series' shape first
 * (the first with a band is the band shown), the cold-start detector last. This list is the one
 * place a detector is registered; it is also the {@link DetectorCatalog} the configuration loader
 * finds (META-INF/services), so a module's keys are known wherever the configuration is read.
 */
public final class DetectorModules implements DetectorCatalog {
    private static final List<DetectorModule<?>> STANDARD =
            List.of(new SeasonalModule(), new LstmModule(), new IsolationModule(), new RobustModule(), new ChangeModule(),
                    new EntityModule());

    private final List<DetectorModule<?>> modules;

    /** The standard modules (the catalog the jar registers). */
    public DetectorModules() {
        this(STANDARD);
    }

    private DetectorModules(List<DetectorModule<?>> modules) {
        this.modules = List.copyOf(modules);
    }

    public static DetectorModules standard() {
        return new DetectorModules();
    }

    /** These modules and {@code extra}, consulted after them (a test's or an extension's detector). */
    public DetectorModules with(DetectorModule<?> extra) {
        List<DetectorModule<?>> all = new ArrayList<>(modules);
        all.add(extra);
        return new DetectorModules(all);
    }

    public List<DetectorModule<?>> modules() {
        return modules;
    }

    @Override
    public List<Section<?>> sections() {
        return List.copyOf(modules);
    }

    /** Every record the modules keep in state or send between operators (for the no-Kryo check). */
    public List<Class<?>> recordTypes() {
        List<Class<?>> types = new ArrayList<>();
        for (DetectorModule<?> m : modules) {
            types.addAll(m.recordTypes());
        }
        return types;
    }

    /** The kinds of the enabled modules, bound to their settings, in consulting order. */
    public List<DetectorKind<?>> kinds(DetectorContext context) {
        List<DetectorKind<?>> kinds = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (DetectorModule<?> m : modules) {
            keys.add("detect." + m.name() + ".enabled");
            DetectorKind<?> k = kind(m, context);
            if (k != null) {
                kinds.add(k);
            }
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("no detector enabled: enable one of " + String.join(", ", keys));
        }
        return List.copyOf(kinds);
    }

    private static <C extends DetectorSettings> DetectorKind<?> kind(DetectorModule<C> m, DetectorContext context) {
        C settings = settings(m, context.detect());
        return settings.enabled() ? m.kind(settings, context) : null;
    }

    /** The enabled modules' in-memory shared-model fitting (the evaluation's stand-in for their streams). */
    public List<SharedLearner> learners(DetectorContext context) {
        List<SharedLearner> out = new ArrayList<>();
        for (DetectorModule<?> m : modules) {
            SharedLearner l = learner(m, context);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private static <C extends DetectorSettings> SharedLearner learner(DetectorModule<C> m, DetectorContext context) {
        return m.learner(settings(m, context.detect()), context);
    }

    /** The module's settings in {@code detect}. */
    public static <C extends DetectorSettings> C settings(DetectorModule<C> m, DetectConfig detect) {
        return detect.detector(m.name(), m.settingsType());
    }
}
