package dev.upcase.client;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import picocli.CommandLine;

/**
 * The entry point of {@code upcase client ...}: parses the options (answering {@code --help} and
 * {@code --version} without starting anything), runs the command, and turns every failure into one line on stderr
 * and an {@link ExitCode}.
 */
public final class ClientCli {

	/** The first argument that makes {@code java -jar upcase.jar} a client instead of a server. */
	public static final String COMMAND = "client";

	private ClientCli() {
	}

	/**
	 * @param args the arguments after {@code client}
	 * @return the exit status
	 */
	public static int run(String... args) {
		return commandLine().execute(args);
	}

	static CommandLine commandLine() {
		CommandLine commandLine = new CommandLine(new ClientCommand());
		commandLine.setCommandName("upcase " + COMMAND);
		// --message bench sends the word bench: an option's value, even when it names the bench subcommand
		commandLine.setAllowSubcommandsAsOptionParameters(true);
		commandLine.setExecutionExceptionHandler((failure, command, parseResult) -> {
			ClientSettings settings = ((ClientSettings.Source) command.getCommand()).settings();
			return ClientFailure.report(failure, settings, System.err).exitCode().status();
		});
		Map<String, String> exitCodes = exitCodeTable();
		commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes);
		commandLine.getSubcommands()
			.values()
			.forEach(sub -> sub.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exitCodes));
		return commandLine;
	}

	private static Map<String, String> exitCodeTable() {
		Map<String, String> table = new LinkedHashMap<>();
		Arrays.stream(ExitCode.values()).forEach(code -> table.put(String.format("%3d", code.status()), code.meaning()));
		return table;
	}

}
