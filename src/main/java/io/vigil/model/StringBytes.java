package io.vigil.model;

import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Strings in Flink's own string encoding ({@code StringValue}: the length + 1, then every char, each
 * as a base-128 varint; 0 for null), byte for byte, but an ASCII string, as series ids and labels
 * nearly always are, is written and read as one block of bytes instead of char by char through the
 * stream. Keyed state is found by its key's bytes, so series keys must keep Flink's encoding.
 */
public final class StringBytes {
    private static final int HIGH_BIT = 0x80;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long QUESTION_MARKS = 0x3F3F3F3F3F3F3F3FL;

    private StringBytes() {}

    public static void write(String s, DataOutputView out) throws IOException {
        if (s == null) {
            out.write(0);
            return;
        }
        int n = s.length();
        writeVarint(n + 1, out);
        // Latin-1 strings (all ASCII ones) encode to ISO-8859-1 as a plain copy of their bytes.
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        if (ascii(b, s)) {
            // Not out.writeBytes(s): Flink 2.2's DataOutputSerializer advances past each string twice.
            out.write(b, 0, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            writeVarint(s.charAt(i), out);
        }
    }

    /**
     * No byte of {@code s}'s ISO-8859-1 copy is above 0x7F, and each '?' in it is a real '?' in
     * {@code s} (the encoder puts '?' in for a char Latin-1 lacks). Eight bytes at a time while none
     * of them is either: a byte-by-byte loop cost 6 % of the job's CPU.
     */
    private static boolean ascii(byte[] b, String s) {
        int i = 0;
        for (; i + Long.BYTES <= b.length; i += Long.BYTES) {
            long w = (long) LONGS.get(b, i);
            long q = w ^ QUESTION_MARKS; // a '?' byte becomes a zero byte
            if (((w | (q - ONES) & ~q) & HIGH_BITS) != 0) {
                break; // a high bit, or a '?': the loop below looks closer from here
            }
        }
        for (; i < b.length; i++) {
            if (b[i] < 0 || b[i] == '?' && s.charAt(i) != '?') {
                return false;
            }
        }
        return true;
    }

    private static void writeVarint(int v, DataOutputView out) throws IOException {
        while (v >= HIGH_BIT) {
            out.write(v | HIGH_BIT);
            v >>>= 7;
        }
        out.write(v);
    }

    public static String read(DataInputView in) throws IOException {
        int length = readVarint(in.readUnsignedByte(), in);
        if (length == 0) {
            return null;
        }
        int n = length - 1;
        byte[] b = new byte[n];
        in.readFully(b);
        int i = 0;
        while (i < n && b[i] >= 0) {
            i++;
        }
        if (i == n) {
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }
        // A char of two or more bytes: the n bytes read hold the first chars, the rest follow in the stream.
        char[] chars = new char[n];
        for (int j = 0; j < i; j++) {
            chars[j] = (char) b[j];
        }
        int pos = i;
        for (int c = i; c < n; c++) {
            int first = pos < n ? b[pos++] & 0xFF : in.readUnsignedByte();
            int v = first & 0x7F;
            int shift = 7;
            while (first >= HIGH_BIT) {
                first = pos < n ? b[pos++] & 0xFF : in.readUnsignedByte();
                v |= (first & 0x7F) << shift;
                shift += 7;
            }
            chars[c] = (char) v;
        }
        return new String(chars);
    }

    private static int readVarint(int first, DataInputView in) throws IOException {
        if (first < HIGH_BIT) {
            return first;
        }
        int v = first & 0x7F;
        int shift = 7;
        int next;
        while ((next = in.readUnsignedByte()) >= HIGH_BIT) {
            v |= (next & 0x7F) << shift;
            shift += 7;
        }
        return v | (next << shift);
    }
}
