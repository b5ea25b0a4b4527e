package io.vigil.detect.iforest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A directory of trained forests: {@code models.json} (the manifest: what each model is for, its
 * features, threshold and training counts) next to one {@code .vif} file per model
 * ({@link CompactForest#toBytes}). Models reach the job as these files, never as Smile objects in
 * Flink state; a new directory replaces them.
 */
public final class ForestModels {
    public static final String MANIFEST = "models.json";
    /** Manifest format; bumped on incompatible changes. */
    public static final int MANIFEST_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One model.
     *
     * @param kind {@code family} (metric name + grouping label value) or {@code entity} (an entity's metrics)
     * @param key the family ({@code metric/value}) or the entity (label value)
     * @param features the vector's components, in order (feature names or series ids)
     * @param center each feature's median over the training rows (the "typical" value explanations use)
     * @param scale each feature's robust spread (1.4826 MAD) over the training rows; exactly 0 for a
     *     feature that was constant there
     */
    public record Model(String kind, String key, List<String> features, double threshold, double[] center,
            double[] scale, ScoreTail tail, int rowsUsed, int rowsExcluded, CompactForest forest) {
        /** Normalised score with the training contamination's threshold at 0.5. */
        public double normalised(double[] x) {
            return ScoreScale.normalise(raw(x), threshold);
        }

        /** Normalised score with 0.5 at the raw score normal data exceed with probability {@code p}. */
        public double normalisedAt(double[] x, double p) {
            return ScoreScale.normalise(raw(x), tail.quantile(p));
        }

        /** The forest's raw score of {@link #inputs}{@code (x)}. */
        public double raw(double[] x) {
            return forest.score(inputs(x));
        }

        /**
         * {@code x} with every feature that was constant in training (scale 0) set to its training
         * value: the forest knows nothing about other values of it, and would isolate them at once (a
         * forest fitted on weekdays called a whole Sunday anomalous). Other features pass unchanged.
         */
        public double[] inputs(double[] x) {
            double[] in = x;
            for (int j = 0; j < scale.length; j++) {
                if (scale[j] == 0 && x[j] != center[j]) {
                    if (in == x) {
                        in = x.clone();
                    }
                    in[j] = center[j];
                }
            }
            return in;
        }
    }

    private ForestModels() {}

    /** Writes {@link #encode}'s files into {@code dir}. */
    public static void save(Path dir, List<Model> models, String source, double contamination) throws IOException {
        Files.createDirectories(dir);
        for (var f : encode(models, source, contamination).entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /**
     * The files of a model directory, by name, the manifest last: one {@code .vif} per model and
     * {@value #MANIFEST} (what each is for, its features, threshold, training counts and tail).
     */
    public static Map<String, byte[]> encode(List<Model> models, String source, double contamination)
            throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("manifestVersion", MANIFEST_VERSION);
        root.put("modelFormat", CompactForest.FORMAT_VERSION);
        root.put("source", source);
        root.put("contamination", contamination);
        ArrayNode list = root.putArray("models");
        for (int i = 0; i < models.size(); i++) {
            Model m = models.get(i);
            String file = String.format("%s-%04d.vif", m.kind(), i);
            files.put(file, m.forest().toBytes());
            ObjectNode n = list.addObject();
            n.put("kind", m.kind());
            n.put("key", m.key());
            n.put("file", file);
            n.put("threshold", m.threshold());
            n.put("rowsUsed", m.rowsUsed());
            n.put("rowsExcluded", m.rowsExcluded());
            m.features().forEach(n.putArray("features")::add);
            ArrayNode center = n.putArray("center");
            for (double c : m.center()) {
                center.add(c);
            }
            ArrayNode scale = n.putArray("scale");
            for (double c : m.scale()) {
                scale.add(c);
            }
            ObjectNode tail = n.putObject("tail");
            tail.put("u", m.tail().u());
            tail.put("rows", m.tail().rows());
            ArrayNode top = tail.putArray("top");
            for (double c : m.tail().sortedTop()) {
                top.add(c);
            }
        }
        files.put(MANIFEST, JSON.writeValueAsBytes(root));
        return files;
    }

    /** Reads every model of a directory; errors name the file and the entry at fault. */
    public static List<Model> load(Path dir) throws IOException {
        return decode(name -> {
            Path f = dir.resolve(name);
            return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
        }, dir.toString(), "train models with 'vigil train'");
    }

    /** The files of a model directory, by name (null: no such file). */
    public interface FileReader {
        byte[] read(String name) throws IOException;
    }

    /**
     * Every model of the files {@code files} reads; {@code where} names their directory in errors,
     * {@code remedy} says what to do when there is no manifest.
     */
    public static List<Model> decode(FileReader files, String where, String remedy) throws IOException {
        String manifest = where + "/" + MANIFEST;
        byte[] bytes = files.read(MANIFEST);
        if (bytes == null) {
            throw new IllegalArgumentException(where + " holds no " + MANIFEST + " (" + remedy + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IllegalArgumentException(manifest + " is not valid JSON: " + e.getOriginalMessage());
        }
        int version = root.path("manifestVersion").asInt(-1);
        if (version != MANIFEST_VERSION) {
            throw new IllegalArgumentException(manifest + " has manifestVersion " + version + "; this Vigil reads "
                    + MANIFEST_VERSION);
        }
        List<Model> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : root.path("models")) {
            String at = manifest + " models[" + i++ + "]";
            String file = n.path("file").asText("");
            if (file.isEmpty() || file.contains("/") || file.contains("\\")) {
                throw new IllegalArgumentException(at + ": 'file' must name a file in " + where);
            }
            byte[] model = files.read(file);
            if (model == null) {
                throw new IllegalArgumentException(at + ": model file " + where + "/" + file + " is missing");
            }
            CompactForest forest = CompactForest.fromBytes(model, where + "/" + file);
            List<String> features = new ArrayList<>();
            n.path("features").forEach(x -> features.add(x.asText()));
            if (features.size() != forest.dimension()) {
                throw new IllegalArgumentException(at + ": " + features.size() + " feature names for a model of "
                        + forest.dimension() + " features");
            }
            double[] center = numbers(n, "center", forest.dimension(), at);
            double[] scale = numbers(n, "scale", forest.dimension(), at);
            JsonNode t = n.path("tail");
            if (!t.isObject() || t.path("top").size() == 0) {
                throw new IllegalArgumentException(at + ": 'tail' is missing (retrain with this Vigil)");
            }
            ScoreTail tail = new ScoreTail(t.path("u").asDouble(), numbers(t, "top", t.path("top").size(), at),
                    t.path("rows").asInt());
            out.add(new Model(n.path("kind").asText(), n.path("key").asText(), List.copyOf(features),
                    n.path("threshold").asDouble(), center, scale, tail, n.path("rowsUsed").asInt(), n.path("rowsExcluded").asInt(),
                    forest));
        }
        return out;
    }

    private static double[] numbers(JsonNode n, String field, int size, String where) {
        if (n.path(field).size() != size) {
            throw new IllegalArgumentException(where + ": '" + field + "' must hold " + size + " numbers");
        }
        double[] out = new double[size];
        for (int k = 0; k < size; k++) {
            out[k] = n.path(field).get(k).asDouble();
        }
        return out;
    }
}
