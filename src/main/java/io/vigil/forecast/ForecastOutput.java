package io.vigil.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vigil.detect.seasonal.SeasonalModel;
import io.vigil.model.Timestamps;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The forecast as CSV ({@code timestamp,expected,lower,upper}, the columns of {@code scores.csv})
 * or as JSON with the model's description (trend, changepoints, seasonality orders) for planning.
 */
public final class ForecastOutput {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ForecastOutput() {}

    public static String csv(Forecast f) {
        StringBuilder sb = new StringBuilder("timestamp,expected,lower,upper\n");
        for (Forecast.Point p : f.ahead()) {
            sb.append(Timestamps.format(p.timestampMs())).append(',').append(num(p.expected())).append(',')
                    .append(num(p.lower())).append(',').append(num(p.upper())).append('\n');
        }
        return sb.toString();
    }

    public static String json(Forecast f) {
        ObjectNode root = JSON.createObjectNode();
        SeriesHistory h = f.history();
        root.put("series", h.series());
        root.put("metric", h.metric());
        ObjectNode labels = root.putObject("labels");
        h.labels().forEach(labels::put);
        ObjectNode hist = root.putObject("history");
        hist.put("from", Timestamps.format(h.timestampsMs()[0]));
        hist.put("to", Timestamps.format(h.timestampsMs()[h.size() - 1]));
        hist.put("points", h.size());
        hist.put("excludedPoints", f.excluded());
        root.put("step", f.step().toString());
        root.put("horizon", f.horizon().toString());
        root.put("intervalWidth", f.intervalWidth());
        root.set("model", model(f.model(), h.timestampsMs()[h.size() - 1]));
        ArrayNode points = root.putArray("forecast");
        for (Forecast.Point p : f.ahead()) {
            ObjectNode o = points.addObject();
            o.put("timestamp", Timestamps.format(p.timestampMs()));
            o.put("expected", p.expected());
            o.put("lower", p.lower());
            o.put("upper", p.upper());
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode model(SeasonalModel m, long lastMs) {
        ObjectNode o = JSON.createObjectNode();
        o.put("multiplicative", m.logScale());
        o.put("trendPerDay", m.slopePerDay(lastMs));
        o.put("dailyOrder", m.dailyOrder());
        o.put("weeklyOrder", m.weeklyOrder());
        if (m.dailyOrder() > 0) {
            o.put("dailyAmplitude", m.dailyHarmonic(1)[0]);
        }
        if (m.weeklyOrder() > 0) {
            o.put("weeklyAmplitude", m.weeklyHarmonic(1)[0]);
        }
        o.put("residualSigma", m.sigma() * m.yScale());
        ArrayNode cps = o.putArray("changepoints");
        double[] changes = m.slopeChangesPerDay();
        for (int j = 0; j < changes.length; j++) {
            if (changes[j] != 0) {
                cps.addObject().put("at", Timestamps.format(m.changepointMs(j))).put("slopeChangePerDay", changes[j]);
            }
        }
        ArrayNode events = o.putArray("events");
        m.eventNames().forEach(events::add);
        return o;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? Double.toString(v) : "";
    }
}
