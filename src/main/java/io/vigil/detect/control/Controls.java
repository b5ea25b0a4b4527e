package io.vigil.detect.control;

import io.vigil.config.DetectConfig;
import io.vigil.model.ReloadedFile;
import io.vigil.model.WallClock;

import java.io.Serializable;
import java.nio.file.Path;

/**
 * The controls a running job applies: the rules as read at start, then as the rules file says
 * whenever it changes ({@link ReloadedFile}). Travels with the operators that need it; each
 * instance rereads the file on its own.
 */
public final class Controls implements Serializable {
    private final DetectConfig.ControlConfig config;
    private final ControlRules atStart;
    private final WallClock clock;
    private transient ReloadedFile<ControlRules> file;

    private Controls(DetectConfig.ControlConfig config, ControlRules atStart, WallClock clock) {
        this.config = config;
        this.atStart = atStart;
        this.clock = clock;
    }

    /** Reads the rules file now, so a bad one fails the job's start (errors name the key and file). */
    public static Controls load(DetectConfig.ControlConfig config, WallClock clock) {
        return new Controls(config, ControlRules.load(config), clock);
    }

    /** The rules now in force. */
    public ControlRules current() {
        if (file == null) {
            file = new ReloadedFile<>("controls rules", config.rulesFile().isBlank() ? null : Path.of(config.rulesFile()),
                    atStart, f -> ControlRulesFile.read(f, config.defaults()), ReloadedFile.CHECK_EVERY_MS, clock);
        }
        return file.current();
    }
}
