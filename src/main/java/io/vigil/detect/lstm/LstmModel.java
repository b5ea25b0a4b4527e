package io.vigil.detect.lstm;

import io.vigil.detect.SharedModel;
import io.vigil.detect.iforest.ModelBytes;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A metric family's trained network and how well it forecast its validation data, against the
 * naive forecast (the next value equals this one): a network is only used where it beats that.
 * Travels and is stored as versioned bytes ({@link #toBytes}), never as an object.
 *
 * @param id a checksum of the parameters: a series' recurrent state belongs to one network
 * @param trainedUntilMs event time of the last data it learned (the newer of two models wins)
 */
public record LstmModel(String family, long id, long trainedUntilMs, double rmse, double naiveRmse, LstmNet net) {
    private static final int MAGIC = 0x564c5354; // "VLST"
    private static final int VERSION = 1;
    /** The network's inputs: the normalised value and the time of day as a point on the circle. */
    public static final int INPUTS = 3;

    public static LstmModel of(String family, long trainedUntilMs, double rmse, double naiveRmse, LstmNet net) {
        long h = 1125899906842597L;
        for (double x : net.parameters()) {
            h = 31 * h + Double.doubleToLongBits(x);
        }
        return new LstmModel(family, h == 0 ? 1 : h, trainedUntilMs, rmse, naiveRmse, net);
    }

    /** This network on its way to every scorer. */
    public SharedModel shared() {
        return new SharedModel(LstmModule.NAME, family, toBytes());
    }

    /** The network's input at one step: the value in its series' units, clipped, and the time of day on the circle. */
    static double[] input(double z, double hourSin, double hourCos) {
        return new double[] {SeriesBaseline.clipped(z), hourSin, hourCos};
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void write(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(family);
        out.writeLong(id);
        out.writeLong(trainedUntilMs);
        out.writeDouble(rmse);
        out.writeDouble(naiveRmse);
        out.writeInt(net.inputs());
        out.writeInt(net.hidden());
        double[] p = net.parameters();
        out.writeInt(p.length);
        for (double x : p) {
            out.writeDouble(x);
        }
    }

    /** Reads {@link #toBytes}; {@code what} names the bytes in errors. */
    public static LstmModel read(byte[] bytes, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return read(in, what);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": truncated LSTM model bytes (" + e.getMessage() + ")");
        }
    }

    private static LstmModel read(DataInputStream in, String what) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IllegalArgumentException(what + ": not an LSTM model");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(what + ": LSTM model bytes version " + version + ", this Vigil reads "
                    + VERSION);
        }
        String family = in.readUTF();
        long id = in.readLong();
        long until = in.readLong();
        double rmse = in.readDouble();
        double naive = in.readDouble();
        int inputs = in.readInt();
        int hidden = in.readInt();
        if (inputs != INPUTS || hidden < 1 || hidden > 256) {
            throw new IllegalArgumentException(what + ": an LSTM of " + inputs + " inputs and " + hidden
                    + " hidden units (this Vigil reads " + INPUTS + " inputs, up to 256 units)");
        }
        double[] p = new double[ModelBytes.length(in, 8, what)];
        if (p.length != LstmNet.parameterCount(inputs, hidden)) {
            throw new IllegalArgumentException(what + ": " + p.length + " parameters for an LSTM that has "
                    + LstmNet.parameterCount(inputs, hidden));
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = in.readDouble();
        }
        return new LstmModel(family, id, until, rmse, naive, new LstmNet(inputs, hidden, p));
    }

    /** Several models as one file (the model store's {@code lstm/models.bin}). */
    public static byte[] encodeAll(List<LstmModel> models) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(models.size());
            for (LstmModel m : models) {
                byte[] b = m.toBytes();
                out.writeInt(b.length);
                out.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #encodeAll}'s bytes; {@code what} names the file in errors. */
    public static List<LstmModel> decodeAll(byte[] bytes, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int n = ModelBytes.length(in, 4, what);
            List<LstmModel> models = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[ModelBytes.length(in, 1, what)];
                in.readFully(b);
                models.add(read(b, what + " model " + (i + 1)));
            }
            if (in.available() > 0) {
                throw new IllegalArgumentException(what + ": " + in.available() + " bytes after the last model");
            }
            return models;
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": truncated LSTM models (" + e.getMessage() + ")");
        }
    }
}
