package io.vigil.bridge;

/**
 * A request refused as a whole, with the HTTP status Prometheus should see (4xx: do not retry) and
 * the reason label counted in {@code vigil_bridge_rejected_requests_total}.
 */
public final class RejectedRequest extends Exception {
    final int status;
    final String reason;

    RejectedRequest(int status, String reason, String message) {
        super(message, null, false, false);
        this.status = status;
        this.reason = reason;
    }
}
