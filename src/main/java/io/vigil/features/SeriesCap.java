package io.vigil.features;

import io.vigil.config.LabelLimits;
import io.vigil.config.SeriesLimits;

import java.util.HashMap;
import java.util.Map;

/**
 * The job's own cardinality guard, for one subtask of the resample stage: how many series it keeps
 * state for, in all and per tenant, against its share of {@code ingest.max-series} and
 * {@code ingest.max-series-per-tenant}. A series counts from its first sample until its state is
 * dropped at expiry, so known series always flow; a new one is admitted only while both shares have
 * room. The share is the limit times the fraction of key groups the subtask owns: series hash
 * evenly over key groups, so the shares add up to the limit and a tenant at its limit is refused a
 * little early on its fuller subtasks, never let past it.
 *
 * <p>Memory is one counter per tenant that has live series here, so it is bounded by the series
 * the stage already keeps state for.
 */
public final class SeriesCap {
    private final SeriesLimits limits;
    private final long totalShare;
    private final long tenantShare;
    private final Map<String, long[]> live = new HashMap<>();
    private long total;

    /** @param share the fraction of the key groups this subtask owns, in (0, 1] */
    public SeriesCap(SeriesLimits limits, double share) {
        this.limits = limits;
        this.totalShare = shareOf(limits.maxSeries(), share);
        this.tenantShare = shareOf(limits.maxPerTenant(), share);
    }

    private static long shareOf(int limit, double share) {
        return limit == 0 ? Long.MAX_VALUE : Math.max(1, (long) Math.ceil(limit * share - 1e-9));
    }

    /** Counts a new series in, or says why it is refused (null: admitted). */
    public String admit(Map<String, String> labels) {
        String tenant = limits.tenantOf(labels);
        long[] n = live.get(tenant);
        long tenantLive = n == null ? 0 : n[0];
        if (total >= totalShare) {
            return "series cap: the job keeps " + limits.maxSeries() + " live series (ingest.max-series), this "
                    + "subtask's share of them (" + totalShare + ") is full";
        }
        if (tenantLive >= tenantShare) {
            return "series cap: " + limits.tenantLabel() + "=\"" + LabelLimits.shortened(tenant) + "\" has its "
                    + limits.maxPerTenant() + " live series (ingest.max-series-per-tenant), this subtask's share of "
                    + "them (" + tenantShare + ") is full";
        }
        if (n == null) {
            live.put(tenant, new long[] {1});
        } else {
            n[0]++;
        }
        total++;
        return null;
    }

    /** A series' state was dropped. */
    public void release(Map<String, String> labels) {
        String tenant = limits.tenantOf(labels);
        long[] n = live.get(tenant);
        if (n == null) {
            return; // counted before this count was kept (an older savepoint)
        }
        total--;
        if (--n[0] <= 0) {
            live.remove(tenant);
        }
    }

    public long live() {
        return total;
    }

    /** Live series by tenant, for a checkpoint. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new HashMap<>();
        live.forEach((t, n) -> out.put(t, n[0]));
        return out;
    }

    /** Adds restored counts (a subtask's, or its part of one from before a rescale). */
    public void restore(String tenant, long n) {
        if (n <= 0) {
            return;
        }
        live.computeIfAbsent(tenant, t -> new long[1])[0] += n;
        total += n;
    }
}
