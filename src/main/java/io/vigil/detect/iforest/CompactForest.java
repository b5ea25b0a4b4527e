package io.vigil.detect.iforest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A trained classic isolation forest laid out for speed, scored without Smile, with scores
 * identical to Smile's for the model it was taken from ({@code CompactForestTest} checks every
 * probe bit for bit).
 *
 * <p>Layout: every tree is padded to a complete binary tree of {@code levels} split levels (a leaf
 * above the bottom becomes "always left" down to a bottom leaf holding its path length), so a walk
 * is {@code levels} branch-free steps {@code i = 2i + 1 + (v ≥ t)} over three flat arrays: ~2.5 KB a
 * tree, the whole forest in L2 cache.
 *
 * <p>Exactness: Smile sends x left when its split's dot product, here one term c·x[f], is below b.
 * fl(c·x) is monotone in x, so {c·x < b} is exactly {v < t} for v = sign(c)·x[f] and one double t,
 * found once by bisection over the ordered doubles ({@link SmileForests}). Inputs must be finite.
 *
 * <p>Score = 2^(−mean path / c(ψ)), c(ψ) the mean path of an unsuccessful search in a binary tree
 * of the subsample size ψ (Liu, Ting and Zhou 2008); higher = more anomalous, about 0.5 = typical.
 */
public final class CompactForest {
    /** Bumped whenever the byte layout changes; {@link #fromBytes} refuses other versions. */
    public static final int FORMAT_VERSION = 1;
    private static final int MAGIC = 0x56494631; // "VIF1"
    /** Features are addressed by one byte over (x, −x). */
    public static final int MAX_DIMENSION = 128;

    private final int dimension;
    private final int levels;
    private final int trees;
    private final double normaliser;
    /** Per tree, its 2^levels − 1 split slots: which entry of (x, −x) to compare (unsigned byte). */
    private final byte[] feature;
    private final double[] threshold;
    /**
     * Per tree, its 2^levels bottom leaves: an index into {@link #pathLengths}. A leaf's path length
     * is its depth plus c(its size): a few thousand distinct values at most, so a short per leaf and
     * one small table keep the forest in L2 cache.
     */
    private final short[] leaf;
    private final double[] pathLengths;

    CompactForest(int dimension, int levels, int trees, double normaliser, byte[] feature, double[] threshold,
            short[] leaf, double[] pathLengths) {
        this.dimension = dimension;
        this.levels = levels;
        this.trees = trees;
        this.normaliser = normaliser;
        this.feature = feature;
        this.threshold = threshold;
        this.leaf = leaf;
        this.pathLengths = pathLengths;
    }

    public int dimension() {
        return dimension;
    }

    public int trees() {
        return trees;
    }

    /** Slots in the padded layout (splits and leaves). */
    public int slots() {
        return feature.length + leaf.length;
    }

    /** Distinct leaf path lengths in the forest. */
    public int distinctPathLengths() {
        return pathLengths.length;
    }

    /** The anomaly score of x (finite, length = dimension), in (0, 1]. */
    public double score(double[] x) {
        double[] signed = new double[2 * dimension];
        for (int j = 0; j < dimension; j++) {
            signed[j] = x[j];
            signed[dimension + j] = -x[j];
        }
        int splits = (1 << levels) - 1;
        int leaves = splits + 1;
        double sum = 0;
        int t = 0;
        // Four trees at a time: four independent chains of loads keep the core busy while each
        // waits for memory. Path lengths are still added in tree order, as Smile adds them.
        for (; t + 4 <= trees; t += 4) {
            int b0 = t * splits;
            int b1 = b0 + splits;
            int b2 = b1 + splits;
            int b3 = b2 + splits;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            for (int l = 0; l < levels; l++) {
                int s0 = b0 + i0;
                int s1 = b1 + i1;
                int s2 = b2 + i2;
                int s3 = b3 + i3;
                i0 = 2 * i0 + 1 + (signed[feature[s0] & 0xff] >= threshold[s0] ? 1 : 0);
                i1 = 2 * i1 + 1 + (signed[feature[s1] & 0xff] >= threshold[s1] ? 1 : 0);
                i2 = 2 * i2 + 1 + (signed[feature[s2] & 0xff] >= threshold[s2] ? 1 : 0);
                i3 = 2 * i3 + 1 + (signed[feature[s3] & 0xff] >= threshold[s3] ? 1 : 0);
            }
            int lb = t * leaves - splits;
            sum += pathLengths[leaf[lb + i0]];
            sum += pathLengths[leaf[lb + leaves + i1]];
            sum += pathLengths[leaf[lb + 2 * leaves + i2]];
            sum += pathLengths[leaf[lb + 3 * leaves + i3]];
        }
        for (; t < trees; t++) {
            int base = t * splits;
            int i = 0;
            for (int l = 0; l < levels; l++) {
                int s = base + i;
                i = 2 * i + 1 + (signed[feature[s] & 0xff] >= threshold[s] ? 1 : 0);
            }
            sum += pathLengths[leaf[t * leaves + i - splits]];
        }
        return Math.pow(2, -(sum / trees) / normaliser);
    }

    /** The versioned byte form models are stored and shipped in (~260 KB for 100 trees of depth 8). */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + feature.length * 12 + leaf.length * 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT_VERSION);
            out.writeInt(dimension);
            out.writeInt(levels);
            out.writeInt(trees);
            out.writeDouble(normaliser);
            out.write(feature);
            for (double v : threshold) {
                out.writeDouble(v);
            }
            for (short v : leaf) {
                out.writeShort(v);
            }
            out.writeInt(pathLengths.length);
            for (double v : pathLengths) {
                out.writeDouble(v);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /** Reads {@link #toBytes}' form; {@code what} names the source in errors (a file, a key). */
    public static CompactForest fromBytes(byte[] bytes, String what) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (bytes.length < 8 || in.readInt() != MAGIC) {
                throw new IllegalArgumentException(what + " is not a Vigil isolation-forest model");
            }
            int version = in.readInt();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException(what + " has model format " + version + "; this Vigil reads "
                        + FORMAT_VERSION);
            }
            int dimension = in.readInt();
            int levels = in.readInt();
            int trees = in.readInt();
            double normaliser = in.readDouble();
            if (dimension < 1 || dimension > MAX_DIMENSION || levels < 0 || levels > 20 || trees < 1 || trees > 10_000) {
                throw new IllegalArgumentException(what + " holds an implausible forest (dimension " + dimension
                        + ", levels " + levels + ", trees " + trees + ")");
            }
            // What the header promises must be there: a corrupt or forged header must not size arrays.
            long promised = (long) trees * ((1L << levels) - 1) * 9 + ((long) trees << levels) * 2 + 4;
            if (promised > in.available()) {
                throw new IllegalArgumentException(what + " is truncated or corrupt (its header promises " + promised
                        + " more bytes, " + in.available() + " are there)");
            }
            int splits = trees * ((1 << levels) - 1);
            byte[] feature = new byte[splits];
            double[] threshold = new double[splits];
            short[] leaf = new short[trees << levels];
            in.readFully(feature);
            for (int i = 0; i < splits; i++) {
                if ((feature[i] & 0xff) >= 2 * dimension) {
                    throw new IllegalArgumentException(what + " holds an inconsistent forest (feature "
                            + (feature[i] & 0xff) + " at slot " + i + ")");
                }
            }
            for (int i = 0; i < splits; i++) {
                threshold[i] = in.readDouble();
            }
            for (int i = 0; i < leaf.length; i++) {
                leaf[i] = in.readShort();
            }
            int distinct = in.readInt();
            if (distinct < 1 || distinct > Short.MAX_VALUE || (long) distinct * 8 > in.available()) {
                throw new IllegalArgumentException(what + " holds an implausible path-length table of " + distinct);
            }
            double[] pathLengths = new double[distinct];
            for (int i = 0; i < distinct; i++) {
                pathLengths[i] = in.readDouble();
            }
            for (int i = 0; i < leaf.length; i++) {
                if (leaf[i] < 0 || leaf[i] >= distinct) {
                    throw new IllegalArgumentException(what + " holds an inconsistent forest (leaf " + leaf[i]
                            + " at slot " + i + ")");
                }
            }
            return new CompactForest(dimension, levels, trees, normaliser, feature, threshold, leaf, pathLengths);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + " is truncated or corrupt: " + e.getMessage(), e);
        }
    }
}
