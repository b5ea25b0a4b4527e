package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code vigil evaluate}: measure detection on labelled data. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Measure Vigil's detection on labelled data: 'nab' runs the detector chain over NAB-layout "
                + "files and prints NAB scores; 'labels' scores vigil replay output against labelled incidents; 'rca' measures "
                + "root-cause ranking on random service graphs.",
        subcommands = {EvaluateNabCommand.class, EvaluateLabelsCommand.class, EvaluateRcaCommand.class,
                EvaluateSuiteCommand.class,
                CommandLine.HelpCommand.class})
public final class EvaluateCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name what to evaluate: nab or labels");
    }
}
