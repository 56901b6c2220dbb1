package dev.taskcast.server.cli;

import dev.taskcast.server.logging.Redactor;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code taskcast} executable (config-cli.md §3). {@code serve} (alias {@code start}) is the
 * default command, so {@code taskcast -p 8080} means {@code taskcast serve -p 8080}.
 */
@Command(name = "taskcast", mixinStandardHelpOptions = true, versionProvider = TaskcastVersion.Provider.class,
        description = "Task tracking and event streaming server.")
public final class TaskcastCli implements Runnable {

    /** Arguments that belong to the top-level command rather than to the default {@code serve}. */
    private static final Set<String> TOP_LEVEL_OPTIONS = Set.of("-h", "--help", "-V", "--version");
    /** First arguments that do not start a server (no start-up warm-up for them). */
    private static final Set<String> NOT_SERVING = Set.of("-h", "--help", "-V", "--version", "migrate");

    @Spec
    CommandSpec spec;

    private TaskcastCli() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || !NOT_SERVING.contains(args[0])) {
            StartupWarmUp.begin();
        }
        GracefulShutdown.exit(run(args, CliContext.system()));
    }

    static int run(String[] args, CliContext context) {
        CommandLine commandLine = commandLine(context);
        return commandLine.execute(withDefaultCommand(args, commandLine));
    }

    static CommandLine commandLine(CliContext context) {
        CommandLine commandLine = new CommandLine(new TaskcastCli())
                .addSubcommand(new ServeCommand(context))
                .addSubcommand(new MigrateCommand(context))
                .setOut(context.out())
                .setErr(context.err());
        // Startup failures are one "[taskcast] <message>" line and exit status 1 (§3.5).
        commandLine.setParameterExceptionHandler((e, args) -> {
            context.warn(e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, context.err());
            context.err().println("Run 'taskcast --help' for usage.");
            context.err().flush();
            return 1;
        });
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            // A failure may quote a URL (a driver's connection error): never show its credentials.
            context.warn(Redactor.maskUrlCredentials(
                    e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage()));
            if ("debug".equalsIgnoreCase(String.valueOf(context.environment().get("TASKCAST_LOG_LEVEL")).trim())) {
                e.printStackTrace(context.err());
                context.err().flush();
            }
            return 1;
        });
        return commandLine;
    }

    /** Prepends {@code serve} unless the arguments name a subcommand or ask for help/version. */
    static String[] withDefaultCommand(String[] args, CommandLine commandLine) {
        if (args.length > 0 && (commandLine.getSubcommands().containsKey(args[0]) || TOP_LEVEL_OPTIONS.contains(args[0]))) {
            return args;
        }
        return Stream.concat(Stream.of("serve"), Arrays.stream(args)).toArray(String[]::new);
    }

    /** Reached only through an explicit top-level invocation without subcommand; show usage. */
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
