package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;

/**
 * Golden state files: {@code src/test/resources/golden/<model>/v<N>.json}
 * holds a state as version N wrote it and what the restored model answered on fixed probes. A
 * layout change that breaks one needs a new state version and a migration, not a new golden file.
 *
 * <p>A file is written only on request, as for the seasonal detector: {@code mvn test
 * -Dtest=RobustGoldenStateTest -Dvigil.golden.write=src/test/resources/golden/robust/v1.json}. A test
 * writes only when the path names its own file, so the property never overwrites another model's
 * file, and then checks what it just wrote.
 */
public final class GoldenFiles {
    public static final String WRITE = "vigil.golden.write";
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Doubles from Math.pow/exp/log/sin: equal up to a relative 1e-12, since those may differ by an
     * ulp between JVMs and platforms (only + − × ÷ and sqrt are exact everywhere). Far tighter than
     * any change a model's behaviour could show.
     */
    public static final Comparator<Double> CLOSE = (a, b) -> close(a, b) ? 0 : Double.compare(a, b);

    private GoldenFiles() {}

    public static boolean close(double a, double b) {
        return Double.compare(a, b) == 0 || Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
    }

    /**
     * The golden file of {@code model}, version {@code version}, from the test classpath; first
     * written from {@code recorder} when {@value #WRITE} names this file.
     */
    public static <T> T read(String model, int version, Class<T> type, Supplier<T> recorder) throws IOException {
        String name = "golden/" + model + "/v" + version + ".json";
        String write = System.getProperty(WRITE);
        if (write != null && Path.of(write).endsWith(Path.of(name))) {
            Files.createDirectories(Path.of(write).toAbsolutePath().getParent());
            Files.writeString(Path.of(write), JSON.writeValueAsString(recorder.get()) + "\n");
            return JSON.readValue(Path.of(write).toFile(), type);
        }
        try (InputStream in = GoldenFiles.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("%s on the test classpath (write it with -D%s=src/test/resources/%s)", name, WRITE, name)
                    .isNotNull();
            return JSON.readValue(in, type);
        }
    }
}
