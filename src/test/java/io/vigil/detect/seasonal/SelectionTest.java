package io.vigil.detect.seasonal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

class SelectionTest {
    @Test
    void kth_equalsTheSortedArraysElement_withTiesAndDuplicates() {
        Random r = new Random(8);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + r.nextInt(60);
            double[] a = new double[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = trial % 3 == 0 ? r.nextInt(4) : r.nextGaussian();
            }
            double[] sorted = Arrays.copyOf(a, n);
            Arrays.sort(sorted);
            int k = r.nextInt(n);
            assertThat(Selection.kth(a.clone(), n, k)).as("n=%d k=%d", n, k).isEqualTo(sorted[k]);
        }
    }
}
