package io.vigil.bridge;

/** An open-addressing set of longs (16 bytes a slot at most half full): a million series in ~32 MB. */
final class LongSet {
    private long[] slots;
    private int size;

    LongSet(int expected) {
        int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        slots = new long[cap];
    }

    /** Adds {@code v}; true when it was not there. Zero is stored as one (a hash collision of no consequence). */
    boolean add(long v) {
        long key = v == 0 ? 1 : v;
        if (size * 2 >= slots.length) {
            grow();
        }
        int mask = slots.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (slots[i] != 0) {
            if (slots[i] == key) {
                return false;
            }
            i = (i + 1) & mask;
        }
        slots[i] = key;
        size++;
        return true;
    }

    boolean contains(long v) {
        long key = v == 0 ? 1 : v;
        int mask = slots.length - 1;
        int i = (int) (key ^ (key >>> 32)) & mask;
        while (slots[i] != 0) {
            if (slots[i] == key) {
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    int size() {
        return size;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long k : old) {
            if (k != 0) {
                add(k);
            }
        }
    }
}
