package io.vigil.ingest;

import com.google.protobuf.UnsafeByteOperations;

/**
 * Reads protobuf wire format straight from a byte array: tags, varints and spans, no objects. The
 * bridge looks at series with it without materialising strings, and the job reads remote-write
 * records with it without building the generated classes (parsing into them cost ~2 µs a sample).
 */
public final class ProtoCursor {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LEN = 2;
    public static final int START_GROUP = 3;
    public static final int END_GROUP = 4;
    public static final int FIXED32 = 5;

    /** Malformed wire data; the message names what and where. */
    public static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    final byte[] buf;
    /** The next byte to read; its users move it past a span they read themselves. */
    public int pos;
    final int limit;

    public ProtoCursor(byte[] buf, int pos, int limit) {
        this.buf = buf;
        this.pos = pos;
        this.limit = limit;
    }

    public boolean more() {
        return pos < limit;
    }

    public long varint() throws Malformed {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= limit) {
                throw new Malformed("truncated varint at byte " + pos);
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new Malformed("varint longer than 10 bytes at byte " + pos);
    }

    public int tag() throws Malformed {
        long t = varint();
        if (t >>> 3 == 0 || t > Integer.MAX_VALUE) {
            throw new Malformed("invalid field tag " + t + " at byte " + pos);
        }
        return (int) t;
    }

    /** Reads a length prefix and returns the end of the span it announces (pos is its start). */
    public int lengthEnd() throws Malformed {
        long n = varint();
        if (n < 0 || n > limit - pos) {
            throw new Malformed("length " + n + " runs past the end of its message at byte " + pos);
        }
        return pos + (int) n;
    }

    /** Skips the value of a field with this tag (a group, which protobuf still reads, to its end). */
    public void skip(int tag) throws Malformed {
        switch (tag & 7) {
            case VARINT -> varint();
            case FIXED64 -> advance(8);
            case LEN -> pos = lengthEnd();
            case FIXED32 -> advance(4);
            case START_GROUP -> skipGroup(tag >>> 3);
            default -> throw new Malformed("unexpected wire type " + (tag & 7) + " at byte " + pos);
        }
    }

    private void skipGroup(int field) throws Malformed {
        while (true) {
            if (!more()) {
                throw new Malformed("group " + field + " not ended at byte " + pos);
            }
            int tag = tag();
            if ((tag & 7) == END_GROUP) {
                if (tag >>> 3 != field) {
                    throw new Malformed("group " + field + " ended as " + (tag >>> 3) + " at byte " + pos);
                }
                return;
            }
            skip(tag);
        }
    }

    /** A fixed64 field's value as a double (protobuf writes it little-endian). */
    public double fixed64Double() throws Malformed {
        advance(8);
        long v = 0;
        for (int i = 1; i <= 8; i++) {
            v = v << 8 | (buf[pos - i] & 0xffL);
        }
        return Double.longBitsToDouble(v);
    }

    private void advance(int n) throws Malformed {
        if (limit - pos < n) {
            throw new Malformed("truncated field at byte " + pos);
        }
        pos += n;
    }

    /** The bytes of a string field are UTF-8, as protobuf requires of a proto3 {@code string}. */
    public static boolean isUtf8(byte[] buf, int from, int to) {
        return UnsafeByteOperations.unsafeWrap(buf, from, to - from).isValidUtf8();
    }

    /** Bytes a varint of this value takes. */
    public static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }
}
