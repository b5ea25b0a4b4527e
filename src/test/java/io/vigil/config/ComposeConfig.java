package io.vigil.config;

import io.vigil.testing.Commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docker/docker-compose.yml as Compose itself reads it: {@code docker-compose config} renders the
 * file with anchors merged, relative paths made absolute and short forms expanded, so the tests
 * look at what {@code up} would run, not at our reading of the YAML.
 */
final class ComposeConfig {
    static final Path FILE = Path.of("docker/docker-compose.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static JsonNode rendered;

    private ComposeConfig() {}

    /** A bind mount or named volume of a service. */
    record Mount(String source, String target, boolean readOnly) {
        boolean named() {
            return !source.startsWith("/");
        }
    }

    /** A published port: {@code hostIp} empty when it listens on every interface. */
    record Port(String hostIp, int published, int target) {}

    static synchronized JsonNode rendered() {
        if (rendered == null) {
            rendered = render();
        }
        return rendered;
    }

    static JsonNode service(String name) {
        JsonNode s = rendered().path("services").path(name);
        if (s.isMissingNode()) {
            throw new AssertionError(FILE + " has no service " + name);
        }
        return s;
    }

    static List<String> serviceNames() {
        List<String> names = new ArrayList<>();
        rendered().path("services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    static List<String> words(JsonNode list) {
        if (!list.isArray()) {
            throw new AssertionError("expected a list of words, got " + list);
        }
        List<String> out = new ArrayList<>();
        list.forEach(w -> out.add(w.asText()));
        return out;
    }

    static Map<String, String> environment(String service) {
        Map<String, String> env = new LinkedHashMap<>();
        service(service).path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return env;
    }

    static List<Mount> mounts(String service) {
        List<Mount> out = new ArrayList<>();
        for (JsonNode v : service(service).path("volumes")) {
            if (v.isTextual()) {
                String[] p = v.asText().split(":");
                boolean ro = p.length > 2 && List.of(p[2].split(",")).contains("ro");
                out.add(new Mount(p[0], p[1], ro));
            } else {
                out.add(new Mount(v.path("source").asText(), v.path("target").asText(), v.path("read_only").asBoolean()));
            }
        }
        return out;
    }

    /** The host file or folder mounted at {@code containerPath}, or at a folder above it. */
    static Path hostPath(String service, String containerPath) {
        for (Mount m : mounts(service)) {
            if (m.named()) {
                continue;
            }
            if (containerPath.equals(m.target())) {
                return Path.of(m.source());
            }
            if (containerPath.startsWith(m.target() + "/")) {
                return Path.of(m.source()).resolve(containerPath.substring(m.target().length() + 1));
            }
        }
        throw new AssertionError(service + " mounts nothing from the host at " + containerPath);
    }

    static List<Port> ports(String service) {
        List<Port> out = new ArrayList<>();
        for (JsonNode p : service(service).path("ports")) {
            if (p.isTextual()) {
                String[] parts = p.asText().replaceAll("/(tcp|udp)$", "").split(":");
                String ip = parts.length == 3 ? parts[0] : "";
                out.add(new Port(ip, Integer.parseInt(parts[parts.length - 2]), Integer.parseInt(parts[parts.length - 1])));
            } else {
                out.add(new Port(p.path("host_ip").asText(""), p.path("published").asInt(), p.path("target").asInt()));
            }
        }
        return out;
    }

    /** The value of {@code --name=value} in a service's command. */
    static String flag(String service, String name) {
        for (String w : words(service(service).path("command"))) {
            if (w.startsWith(name + "=")) {
                return w.substring(name.length() + 1);
            }
        }
        throw new AssertionError(service + "'s command has no " + name + "=...");
    }

    private static JsonNode render() {
        Path exe = Commands.require("docker-compose", INSTALL);
        try {
            return YAML.readTree(Commands.output(120, exe.toString(), "-f", FILE.toString(), "config"));
        } catch (IOException e) {
            throw new AssertionError("could not run docker-compose", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running docker-compose", e);
        }
    }

    /** What the deployment tests' tools come from, for the failure when one is missing. */
    static final String INSTALL = "the deployment tests need it: apt-get install docker-compose prometheus "
            + "prometheus-alertmanager (.ci/run installs them)";
}
