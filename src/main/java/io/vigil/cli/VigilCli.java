package io.vigil.cli;

import io.vigil.config.ConfigException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command line: {@code ./vigil <command> --help} describes each command. */
@Command(name = "vigil", mixinStandardHelpOptions = true, version = "vigil 0.1.0",
        description = "Streaming anomaly detection, incident correlation and alerting on Apache Flink.",
        subcommands = {DemoCommand.class, RunCommand.class, BenchCommand.class, ReplayCommand.class, GenerateCommand.class,
                EvaluateCommand.class, ForecastCommand.class, TrainCommand.class, BridgeCommand.class, NotifyCommand.class, CommandLine.HelpCommand.class})
public final class VigilCli {
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new VigilCli());
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // Configuration and input errors are the user's to fix: one clear line, no stack trace.
            if (ex instanceof ConfigException || ex instanceof IllegalArgumentException) {
                cmd.getErr().println("vigil " + cmd.getCommandName() + ": " + ex.getMessage());
                return 2;
            }
            throw ex;
        });
        return cl;
    }
}
