package dev.upcase;

import java.util.Arrays;

import dev.upcase.client.ClientCli;
import dev.upcase.server.UpcaseServerApplication;

/**
 * One jar, two programs: {@code java -jar upcase.jar client ...} runs the client ({@link ClientCli}, a small
 * Spring Integration context of its own); anything else runs the server ({@link UpcaseServerApplication}, a
 * Spring Boot application). Each lives under its own package root, so neither scans, configures or starts the
 * other.
 */
public final class Upcase {

	private Upcase() {
	}

	public static void main(String[] args) {
		if (args.length > 0 && ClientCli.COMMAND.equals(args[0])) {
			System.exit(ClientCli.run(Arrays.copyOfRange(args, 1, args.length)));
		}
		UpcaseServerApplication.main(args);
	}

}
