package io.vigil.model;

import io.vigil.alert.AlertLedger;
import io.vigil.correlate.OpenIncident;
import io.vigil.correlate.RecentChanges;
import io.vigil.correlate.RecentEvidence;
import io.vigil.detect.DetectorModules;
import io.vigil.detect.SharedModel;
import io.vigil.detect.calibrate.CalibrationState;
import io.vigil.detect.control.GateState;
import io.vigil.features.FeatureWindowState;
import io.vigil.features.SeriesCursor;
import io.vigil.features.SeriesIdentity;
import io.vigil.features.ResampleState;
import io.vigil.features.StepAccumulator;
import io.vigil.replay.ReplayLine;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.PojoTestUtils;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;

/**
 * Every record that crosses an operator or lives in state is serialized by its own
 * {@link CompactSerializer} (the hot ones) or by Flink's POJO/record serializer, never by Kryo:
 * Kryo state cannot evolve and is slow. The pipeline's own records are listed here; each detector
 * module names its own.
 */
class SerializationTest {
    static List<Class<?>> records() {
        List<Class<?>> all = new ArrayList<>(List.of(
                RawRecord.class, MetricSample.class, GridPoint.class, FeatureVector.class, ScoredPoint.class,
                Contributor.class, Incident.class, AffectedSeries.class, RootCause.class, Alert.class, DeadLetter.class,
                ReplayLine.class, ChangeEvent.class, FeatureWindowState.class, SeriesCursor.class, SeriesIdentity.class, ResampleState.class, StepAccumulator.class,
                CalibrationState.class, GateState.class, SharedModel.class, OpenIncident.class, RecentEvidence.class, RecentEvidence.Item.class,
                RecentChanges.class, AlertLedger.class));
        all.addAll(DetectorModules.standard().recordTypes());
        return all;
    }

    @ParameterizedTest
    @MethodSource("records")
    void record_isSerializedWithoutKryo(Class<?> type) {
        if (!(TypeInformation.of(type) instanceof CompactTypeInfo)) {
            PojoTestUtils.assertSerializedAsPojoWithoutKryo(type);
        }
    }
}
