package io.vigil.detect.iforest;

import smile.anomaly.IsolationForest;
import smile.anomaly.IsolationTree;

import java.lang.reflect.Field;

/**
 * Reads a trained classic Smile {@link IsolationForest} (extension level 0: one feature a split)
 * into a {@link CompactForest}. Smile keeps its trees' nodes package-private, so this reads them by
 * reflection (Smile 3.1.1's field names; a Smile upgrade that renames them fails here loudly and in
 * {@code CompactForestTest}, never silently).
 */
public final class SmileForests {
    private SmileForests() {}

    public static CompactForest compact(IsolationForest forest, int dimension) {
        if (dimension > CompactForest.MAX_DIMENSION) {
            throw new IllegalArgumentException("at most " + CompactForest.MAX_DIMENSION + " features, not " + dimension);
        }
        if (forest.getExtensionLevel() != 0) {
            throw new IllegalArgumentException("the compact evaluator takes classic forests (extension level 0), "
                    + "not level " + forest.getExtensionLevel());
        }
        try {
            Field rootField = IsolationTree.class.getDeclaredField("root");
            rootField.setAccessible(true);
            Field cField = IsolationForest.class.getDeclaredField("c");
            cField.setAccessible(true);
            NodeFields f = new NodeFields(Class.forName("smile.anomaly.IsolationTree$Node"));
            IsolationTree[] trees = forest.trees();
            Object[] roots = new Object[trees.length];
            int levels = 0;
            for (int t = 0; t < trees.length; t++) {
                roots[t] = rootField.get(trees[t]);
                levels = Math.max(levels, height(roots[t], f));
            }
            int splits = (1 << levels) - 1;
            byte[] feature = new byte[trees.length * splits];
            double[] threshold = new double[trees.length * splits];
            double[] leaf = new double[trees.length << levels];
            boolean[] reached = new boolean[leaf.length];
            for (int t = 0; t < trees.length; t++) {
                fill(roots[t], 0, 0, levels, t * splits, t << levels, dimension, f, feature, threshold, leaf,
                        reached);
            }
            java.util.Map<Double, Short> table = new java.util.LinkedHashMap<>();
            short[] index = new short[leaf.length];
            for (int i = 0; i < leaf.length; i++) {
                if (reached[i]) {
                    Short k = table.get(leaf[i]);
                    if (k == null) {
                        if (table.size() == Short.MAX_VALUE) {
                            throw new IllegalArgumentException("more than " + Short.MAX_VALUE + " distinct leaf depths");
                        }
                        k = (short) table.size();
                        table.put(leaf[i], k);
                    }
                    index[i] = k;
                }
            }
            double[] pathLengths = table.keySet().stream().mapToDouble(Double::doubleValue).toArray();
            return new CompactForest(dimension, levels, trees.length, cField.getDouble(forest), feature, threshold,
                    index, pathLengths);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Smile version's IsolationForest cannot be read ("
                    + e + "); Vigil is built against Smile 3.1.1", e);
        }
    }

    /** Split levels below this node (0 for a leaf). */
    private static int height(Object n, NodeFields f) throws IllegalAccessException {
        Object left = f.left.get(n);
        if (left == null) {
            return 0;
        }
        return 1 + Math.max(height(left, f), height(f.right.get(n), f));
    }

    /**
     * Writes node n at slot i of level l; a leaf above the bottom turns into "always left" slots (the
     * threshold +∞ no finite value reaches) down to one bottom leaf with its path length.
     */
    private static void fill(Object n, int i, int level, int levels, int splitBase, int leafBase, int dimension,
            NodeFields f, byte[] feature, double[] threshold, double[] leaf, boolean[] reached)
            throws IllegalAccessException {
        if (level == levels) {
            leaf[leafBase + i - ((1 << levels) - 1)] = f.depth.getDouble(n);
            reached[leafBase + i - ((1 << levels) - 1)] = true;
            return;
        }
        Object left = f.left.get(n);
        if (left == null) {
            feature[splitBase + i] = 0;
            threshold[splitBase + i] = Double.POSITIVE_INFINITY;
            fill(n, 2 * i + 1, level + 1, levels, splitBase, leafBase, dimension, f, feature, threshold, leaf, reached);
            return;
        }
        double[] slope = (double[]) f.slope.get(n);
        double bias = f.bias.getDouble(n);
        int j = -1;
        boolean nan = Double.isNaN(bias);
        for (int k = 0; k < slope.length; k++) {
            if (Double.isNaN(slope[k])) {
                nan = true;
            } else if (slope[k] != 0) {
                if (j >= 0) {
                    throw new IllegalArgumentException("a split on more than one feature in a classic forest");
                }
                j = k;
            }
        }
        if (nan) {
            // Smile's Gaussian draw is NaN now and then: its dot < bias is then false for every x,
            // so every point goes right.
            feature[splitBase + i] = 0;
            threshold[splitBase + i] = Double.NEGATIVE_INFINITY;
        } else if (j < 0) { // Smile's dot is 0 for every x: left iff 0 < bias
            feature[splitBase + i] = 0;
            threshold[splitBase + i] = 0 < bias ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        } else {
            double c = slope[j];
            feature[splitBase + i] = (byte) (c > 0 ? j : dimension + j);
            threshold[splitBase + i] = ExactThreshold.smallestReaching(Math.abs(c), bias);
        }
        fill(left, 2 * i + 1, level + 1, levels, splitBase, leafBase, dimension, f, feature, threshold, leaf, reached);
        fill(f.right.get(n), 2 * i + 2, level + 1, levels, splitBase, leafBase, dimension, f, feature, threshold, leaf,
                reached);
    }

    private static final class NodeFields {
        final Field depth;
        final Field slope;
        final Field bias;
        final Field left;
        final Field right;

        NodeFields(Class<?> node) throws NoSuchFieldException {
            depth = open(node.getDeclaredField("depth"));
            slope = open(node.getDeclaredField("slope"));
            bias = open(node.getDeclaredField("bias"));
            left = open(node.getDeclaredField("left"));
            right = open(node.getDeclaredField("right"));
        }

        private static Field open(Field f) {
            f.setAccessible(true);
            return f;
        }
    }
}
