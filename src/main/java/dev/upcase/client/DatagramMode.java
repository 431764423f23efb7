package dev.upcase.client;

import java.io.IOException;
import java.io.OutputStream;

import org.jspecify.annotations.Nullable;

/**
 * {@code upcase client --udp}: the modes of {@code upcase client}, each message one datagram ({@link DatagramClient}):
 * one message from the command line, a prompt at a terminal, or one datagram per line from a pipe (each waits for
 * its reply before the next goes: UDP keeps no order, so a reply is known by being the one awaited).
 */
final class DatagramMode {

	private DatagramMode() {
	}

	static ExitCode run(ClientSettings settings, @Nullable String oneShot, OutputStream stdout) throws IOException {
		try (DatagramClient client = new DatagramClient(settings)) {
			if (oneShot != null) {
				stdout.write(client.exchange(oneShot.getBytes(settings.charset())));
				stdout.write('\n');
				stdout.flush();
				return ExitCode.OK;
			}
			client.connect();
			if (InteractiveSession.terminalAttached()) {
				return new InteractiveSession(client, settings, System.err).run();
			}
			new PipeSession(client).run(System.in, stdout);
			return ExitCode.OK;
		}
	}

}
