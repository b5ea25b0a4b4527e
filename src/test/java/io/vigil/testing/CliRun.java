package io.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.cli.VigilCli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs a {@code vigil} command in-process, as the launcher would, capturing what it prints. */
public final class CliRun {
    private CliRun() {}

    /** Exit code and the two streams. */
    public record Result(int rc, String out, String err) {}

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cl = VigilCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args);
        return new Result(rc, out.toString(), err.toString());
    }

    /** Runs a command that must succeed; returns its standard output. */
    public static String ok(String... args) {
        Result r = run(args);
        assertThat(r.rc()).as(String.join(" ", args) + "\n" + r.out() + r.err()).isZero();
        return r.out();
    }
}
