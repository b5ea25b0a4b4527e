package io.vigil.detect.seasonal;

import java.io.Serializable;

/**
 * A known event from the user's calendar (a holiday, a maintenance window): the seasonal model
 * gives each event name its own effect, so the next occurrence is expected rather than alarming.
 */
public record CalendarEvent(String name, long startMs, long endMs) implements Serializable {
    public CalendarEvent {
        if (name == null || name.isBlank() || endMs <= startMs) {
            throw new IllegalArgumentException("calendar event needs a name and end after start: " + name);
        }
    }

    public boolean covers(long tMs) {
        return tMs >= startMs && tMs < endMs;
    }
}
