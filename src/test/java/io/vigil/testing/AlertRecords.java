package io.vigil.testing;

/** Records of the alerts topic as the job writes them, for tests of the notifier. */
public final class AlertRecords {
    private AlertRecords() {}

    /** An alert of {@code service}, summary "alert {fp}"; a resolved one ends four minutes after it started. */
    public static String alert(String fp, String status, String severity, String service) {
        return "{\"fingerprint\":\"" + fp + "\",\"status\":\"" + status + "\",\"labels\":{\"alertname\":\"VigilIncident\","
                + "\"severity\":\"" + severity + "\",\"service\":\"" + service + "\"},\"annotations\":{\"summary\":"
                + "\"alert " + fp + "\"},\"startsAt\":\"2026-11-23T08:30:00.000Z\"" + (status.equals("resolved")
                ? ",\"endsAt\":\"2026-11-23T08:34:00.000Z\"" : "") + ",\"incidentId\":\"inc-" + fp
                + "\",\"severityScore\":0.8}";
    }
}
