package io.vigil.model;

import io.vigil.alert.AlertLedger;
import io.vigil.correlate.OpenIncident;
import io.vigil.detect.robust.RobustState;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.detect.seasonal.SeasonalState;
import io.vigil.features.FeatureWindowState;
import io.vigil.features.SeriesCursor;
import io.vigil.features.StepAccumulator;
import io.vigil.replay.ReplayLine;

import org.apache.flink.types.PojoTestUtils;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every record that crosses an operator or lives in state is serialized by Flink's POJO/record
 * serializer, never by Kryo (STYLE.md convention 5): Kryo state cannot evolve and is slow.
 */
class SerializationTest {
    @ParameterizedTest
    @ValueSource(classes = {
            RawRecord.class, MetricSample.class, GridPoint.class, FeatureVector.class, ScoredPoint.class, Contributor.class,
            Incident.class, AffectedSeries.class, RootCause.class, Alert.class, DeadLetter.class, ReplayLine.class,
            FeatureWindowState.class, SeriesCursor.class, StepAccumulator.class, RobustState.class,
            OpenIncident.class, AlertLedger.class, SeasonalState.class, CalibrationState.class, GateState.class,
            io.vigil.correlate.RecentChanges.class, ChangeEvent.class,
            io.vigil.correlate.SilentEvidence.class, io.vigil.detect.iforest.EntityStep.class,
            io.vigil.detect.iforest.FamilyFit.class, io.vigil.detect.iforest.FamilyRow.class,
            io.vigil.detect.iforest.FittedForest.class, io.vigil.detect.iforest.IsolationState.class})
    void record_isSerializedWithoutKryo(Class<?> type) {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
    }
}
