package dev.upcase;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import dev.upcase.client.BuildVersion;
import dev.upcase.client.ClientCli;
import dev.upcase.server.UpcaseServerApplication;

/**
 * One jar, two programs: {@code java -jar upcase.jar client ...} runs the client ({@link ClientCli}, a small
 * Spring Integration context of its own); anything else runs the server ({@link UpcaseServerApplication}, a
 * Spring Boot application). Each lives under its own package root, so neither scans, configures or starts the
 * other. {@code --help} (or {@code -h}) says so, and starts neither.
 */
public final class Upcase {

	private static final String USAGE = """
			%s: a TCP service that answers every message with the same text uppercased, and its client.

			  java -jar upcase.jar [--SETTING=VALUE ...]      the server: TCP on 127.0.0.1:8000, Actuator on
			                                                  127.0.0.1:8080, until SIGTERM or Ctrl-C
			  java -jar upcase.jar client [OPTIONS] [WORDS]   the client: sends messages, prints the replies
			                                                  (java -jar upcase.jar client --help lists its options)
			  java -jar upcase.jar --help | -h                this text
			(bin/upcase runs the same jar: bin/upcase [--SETTING=VALUE ...], bin/upcase client ...)

			Settings are Spring Boot properties, given as --upcase.tcp.framing=line, as UPCASE_TCP_FRAMING=line in the
			environment, or in application.properties. Every setting, its default and what it accepts: the
			configuration table in README.md ("Configuration"). A setting that is misspelled or has a bad value stops
			the start and says which. Running it in production: docs/operations.md; the client: docs/cli.md.
			""";

	private Upcase() {
	}

	public static void main(String[] args) {
		if (args.length > 0 && ClientCli.COMMAND.equals(args[0])) {
			System.exit(ClientCli.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
			System.out.print(usage());
			System.exit(0);
		}
		UpcaseServerApplication.main(args);
	}

	static String usage() {
		String version;
		try {
			version = new BuildVersion().getVersion()[0];
		}
		catch (IOException ex) {
			version = "upcase";
		}
		return USAGE.formatted(version);
	}

}
