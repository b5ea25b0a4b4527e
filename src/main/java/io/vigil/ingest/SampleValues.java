package io.vigil.ingest;

/** Parses the value strings Prometheus tools write (Go's FormatFloat: {@code NaN}, {@code +Inf}, ...). */
final class SampleValues {
    private SampleValues() {}

    /** The value, or NaN for a staleness marker; infinities and junk are rejected with the reason. */
    static double parse(String s) throws DecodeException {
        String t = s.trim();
        switch (t) {
            case "NaN", "nan" -> {
                return Double.NaN;
            }
            case "+Inf", "Inf", "inf", "+inf", "-Inf", "-inf" ->
                    throw new DecodeException("non-finite value '" + t + "' cannot be scored");
            default -> {
                if (t.isEmpty()) {
                    throw new DecodeException("empty value");
                }
                try {
                    double v = Double.parseDouble(t);
                    if (!Double.isFinite(v)) {
                        throw new DecodeException("non-finite value '" + t + "' cannot be scored");
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new DecodeException("value '" + t + "' is not a number");
                }
            }
        }
    }
}
