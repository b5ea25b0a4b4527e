package io.vigil.correlate;

import io.vigil.config.ConfigException;
import io.vigil.config.CorrelateConfig;
import io.vigil.config.VigilOptions;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads {@code services.yaml} (documented in flink-conf/services.yaml): {@code serviceLabel}, and {@code services}, each
 * with a {@code name}, optional {@code match} labels and {@code dependsOn}. A dependency that is not
 * listed as a service of its own is added as one (a database, an external API). Errors name the
 * file, the entry and the field.
 */
public final class ServiceGraphFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> FIELDS = Set.of("name", "match", "dependsOn");

    private ServiceGraphFile() {}

    /**
     * The graph {@code correlate.services} names, or the empty graph when it names none; errors name
     * the key and the file.
     */
    public static ServiceGraph load(CorrelateConfig config) {
        if (config.servicesFile().isBlank()) {
            return ServiceGraph.empty();
        }
        try {
            return read(Path.of(config.servicesFile()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("key '" + VigilOptions.CORRELATE_SERVICES.key() + "' = '"
                    + config.servicesFile() + "': " + e.getMessage(), e);
        }
    }

    public static ServiceGraph read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("service graph " + file + " does not exist");
        } catch (JacksonException e) {
            throw new IllegalArgumentException("service graph " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read service graph " + file + ": " + e.getMessage());
        }
        if (root == null || !root.isObject() || !root.has("services") || !root.get("services").isArray()) {
            throw new IllegalArgumentException(file + ": expected a 'services:' list");
        }
        Graph<String, DefaultEdge> g = new DefaultDirectedGraph<>(DefaultEdge.class);
        List<ServiceGraph.Matcher> matchers = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root.get("services")) {
            String where = file + ": services[" + i++ + "]";
            if (!s.isObject()) {
                throw new IllegalArgumentException(where + ": must be a map with name and dependsOn");
            }
            for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!FIELDS.contains(f)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + f + "' (name, match, dependsOn)");
                }
            }
            String name = s.path("name").asText("").trim();
            if (name.isEmpty()) {
                throw new IllegalArgumentException(where + ": 'name' is required");
            }
            g.addVertex(name);
            JsonNode deps = s.get("dependsOn");
            if (deps != null && !deps.isNull()) {
                if (!deps.isArray()) {
                    throw new IllegalArgumentException(where + " (" + name + "): 'dependsOn' must be a list");
                }
                for (JsonNode d : deps) {
                    String dep = d.asText().trim();
                    if (dep.equals(name)) {
                        throw new IllegalArgumentException(where + " (" + name + "): depends on itself");
                    }
                    g.addVertex(dep);
                    g.addEdge(name, dep);
                }
            }
            JsonNode match = s.get("match");
            if (match != null && !match.isNull()) {
                if (!match.isObject()) {
                    throw new IllegalArgumentException(where + " (" + name + "): 'match' must be a map of labels");
                }
                Map<String, String> labels = new TreeMap<>();
                match.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
                matchers.add(new ServiceGraph.Matcher(name, Map.copyOf(labels)));
            }
        }
        return new ServiceGraph(g, matchers);
    }
}
