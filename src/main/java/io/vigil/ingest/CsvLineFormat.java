package io.vigil.ingest;

import io.vigil.model.InputFormat;
import io.vigil.model.RawRecord;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a CSV file as {@link RawRecord}s of one line each, numbered from 1, so a bad line reaches
 * the dead letters with its file and line number. Blank lines are skipped (they carry nothing).
 */
public final class CsvLineFormat extends SimpleStreamFormat<RawRecord> {
    private final String fileName;

    public CsvLineFormat(String fileName) {
        this.fileName = fileName;
    }

    @Override
    public StreamFormat.Reader<RawRecord> createReader(Configuration config, FSDataInputStream stream) {
        var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
        return new StreamFormat.Reader<>() {
            private long line;

            @Override
            public RawRecord read() throws IOException {
                String text;
                do {
                    text = reader.readLine();
                    line++;
                } while (text != null && text.isBlank());
                return text == null ? null
                        : new RawRecord(fileName, -1, line, InputFormat.CSV, text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
