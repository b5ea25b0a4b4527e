package io.vigil.alert;

import io.vigil.config.AlertConfig;
import io.vigil.model.Incident;

import org.apache.flink.api.common.functions.MapFunction;

/** Incident → the same incident with its severity score set. Stateless. Uid: {@code alert-severity}. */
public final class AssessSeverity implements MapFunction<Incident, Incident> {
    private final SeverityPolicy policy;

    public AssessSeverity(AlertConfig config) {
        this.policy = new SeverityPolicy(config);
    }

    @Override
    public Incident map(Incident i) {
        return policy.assess(i);
    }
}
