package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Unix socket's permissions hold from the first moment, whatever the umask: the packaged jar started with
 * {@code umask 000} (which would make a freshly bound socket file {@code srwxrwxrwx}) while a process of another user
 * ({@code nobody}) connects in a tight loop — to the socket's path and to the names it is set up under — from before
 * the server starts until after it listens. It never connects, so it is never answered; it sees the socket refuse it
 * ("Permission denied") once the file is in place. The file ends with mode 600 and no temporary name is left. Runs
 * as root only (to start the other user's process with {@code setpriv}); elsewhere it is skipped and says so.
 */
class UnixSocketUmaskIT {

	/** Connects to each path given, over and over, until the stop file appears; then prints what happened. */
	private static final String PROBER = """
			import java.net.*;
			import java.nio.ByteBuffer;
			import java.nio.channels.*;
			import java.nio.file.*;

			public class Prober {
				public static void main(String[] args) throws Exception {
					Path stop = Path.of(args[0]);
					long attempts = 0, missing = 0, denied = 0, refused = 0, connected = 0, answered = 0, other = 0;
					boolean toldDenied = false;
					System.out.println("probing");
					while (!Files.exists(stop)) {
						for (int i = 1; i < args.length; i++) {
							attempts++;
							try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
								channel.connect(UnixDomainSocketAddress.of(args[i]));
								connected++;
								System.out.println("connected to " + args[i]);
								channel.write(ByteBuffer.wrap("probe\\n".getBytes()));
								channel.configureBlocking(false);
								try (Selector selector = Selector.open()) {
									channel.register(selector, SelectionKey.OP_READ);
									if (selector.select(2000) > 0 && channel.read(ByteBuffer.allocate(64)) > 0) {
										answered++;
									}
								}
							}
							catch (java.io.IOException ex) {
								String message = String.valueOf(ex.getMessage());
								if (message.contains("No such file")) {
									missing++;
								}
								else if (message.contains("Permission denied")) {
									denied++;
									if (i == 1 && !toldDenied) {
										toldDenied = true;
										System.out.println("denied on the socket's path");
									}
								}
								else if (message.contains("Connection refused")) {
									refused++;
								}
								else {
									other++;
									System.out.println("other: " + message);
								}
							}
						}
					}
					System.out.println("attempts=" + attempts + " missing=" + missing + " denied=" + denied + " refused="
							+ refused + " connected=" + connected + " answered=" + answered + " other=" + other);
				}
			}
			""";

	@TempDir
	Path dir;

	@Test
	void anotherUserNeverReachesTheSocketWhileItIsSetUpEvenWithUmask000() throws Exception {
		Assumptions.assumeTrue(isRoot(), "not root: the prober must run as another user (setpriv to nobody)");
		Assumptions.assumeTrue(Tools.onPath("setpriv"), "setpriv is not installed (util-linux)");
		Files.setPosixFilePermissions(this.dir, PosixFilePermissions.fromString("rwxr-xr-x")); // others may look in
		Path socket = this.dir.resolve("upcase.sock");
		Path stop = this.dir.resolve("stop");
		Path prober = Files.writeString(this.dir.resolve("Prober.java"), PROBER);
		Files.setPosixFilePermissions(prober, PosixFilePermissions.fromString("rw-r--r--"));
		Process probe = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
				PackagedJar.javaBin(), prober.toString(), stop.toString(), socket.toString(),
				socket + "~", socket + "~/s") // the names it is set up under: this server's, and before it
			.redirectErrorStream(true)
			.start();
		List<String> probed = new CopyOnWriteArrayList<>();
		Thread pump = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					probed.add(line);
				}
			}
			catch (IOException ex) {
				// ended
			}
		}, "prober-output");
		pump.setDaemon(true);
		pump.start();
		try {
			Awaitility.await().atMost(Duration.ofSeconds(120)).until(() -> probed.contains("probing") || !probe.isAlive());
			assertThat(probed).as("the prober runs").contains("probing");
			try (ServerProcess server = ServerProcess.startAfter("umask 000", List.of(), "--upcase.unix.path=" + socket,
					"--upcase.tcp.framing=line")) {
				Awaitility.await()
					.atMost(Duration.ofSeconds(60))
					.until(() -> probed.contains("denied on the socket's path"));
				Files.writeString(stop, "");
				assertThat(probe.waitFor(60, TimeUnit.SECONDS)).isTrue();
				pump.join(10_000);
				assertThat(probed).as("the prober's output").noneMatch(line -> line.startsWith("connected"))
					.anyMatch(line -> line.startsWith("attempts=") && line.contains(" connected=0 answered=0 "));
				assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
				assertThat(Files.exists(Path.of(socket + "~"))).as("the directory it was bound in is gone").isFalse();
				try (TcpTestClient owner = TcpTestClient.unix(socket)) {
					assertThat(owner.exchangeLine("the owner")).isEqualTo("THE OWNER");
				}
			}
		}
		finally {
			Files.writeString(stop, "");
			probe.destroyForcibly();
		}
	}

	private static boolean isRoot() throws IOException {
		return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
	}

}
