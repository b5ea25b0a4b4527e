package io.vigil.detect.lstm;

/**
 * One series' recent clean values, one per grid step, for its family's fit (a ring: {@code head}
 * is the slot the next value goes to). A step missing from the series starts the track over, so
 * the values are always consecutive steps ending at {@code lastMs}.
 */
public record LstmTrack(long lastMs, int head, int size, float[] values) {
    /** The values oldest first. */
    public float[] ordered() {
        float[] out = new float[size];
        int start = Math.floorMod(head - size, values.length);
        for (int i = 0; i < size; i++) {
            out[i] = values[(start + i) % values.length];
        }
        return out;
    }
}
