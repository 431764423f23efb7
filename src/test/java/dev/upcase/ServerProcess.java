package dev.upcase;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a server in a process of its own, for tests that need what only a process has: a signal,
 * an open-files limit, its own CPU time. Its log is kept; the TCP port comes from its "Listening" line.
 */
final class ServerProcess implements AutoCloseable {

	private static final Pattern LISTENING = Pattern.compile("Listening for T(?:CP|LS) clients on [^:]+:(\\d+)");

	private static final Pattern HTTP = Pattern.compile("Tomcat started on port (\\d+)");

	private final Process process;

	private final List<String> log = new CopyOnWriteArrayList<>();

	private final CountDownLatch listening = new CountDownLatch(1);

	private volatile int tcpPort;

	private volatile int httpPort;

	private ServerProcess(List<String> command) throws IOException {
		this(command, Map.of());
	}

	private ServerProcess(List<String> command, Map<String, String> environment) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().putAll(environment);
		this.process = builder.start();
		Thread pump = new Thread(this::pumpLog, "server-log");
		pump.setDaemon(true);
		pump.start();
	}

	/**
	 * @param openFilesLimit the process's {@code ulimit -n}, or 0 to inherit
	 * @param jvmOptions options for the JVM, e.g. {@code -Xmx96m}
	 * @param args the server's arguments; ephemeral ports and a password are added
	 */
	static ServerProcess start(int openFilesLimit, List<String> jvmOptions, String... args) throws Exception {
		return listening(launch(openFilesLimit, jvmOptions, args));
	}

	/**
	 * As {@link #start}, by another command than {@code java -jar} (e.g. {@code bin/upcase}), with more environment
	 * variables; ephemeral ports and a password are added to its arguments.
	 */
	static ServerProcess startCommand(Map<String, String> environment, String... command) throws Exception {
		List<String> full = new ArrayList<>(List.of(command));
		full.addAll(List.of("--upcase.tcp.port=0", "--server.port=0", "--spring.security.user.password=x"));
		return listening(new ServerProcess(full, environment));
	}

	/** As {@link #start}, without waiting for it to listen: for a start that is expected to fail. */
	static ServerProcess launch(int openFilesLimit, List<String> jvmOptions, String... args) throws Exception {
		return openFilesLimit > 0 ? launchAfter("ulimit -n " + openFilesLimit, jvmOptions, args)
				: new ServerProcess(java(jvmOptions, args));
	}

	/**
	 * As {@link #start}, the JVM started by a shell once {@code setup} has run there, e.g. {@code umask 000}: what
	 * the process inherits from its parent.
	 */
	static ServerProcess startAfter(String setup, List<String> jvmOptions, String... args) throws Exception {
		return listening(launchAfter(setup, jvmOptions, args));
	}

	private static ServerProcess launchAfter(String setup, List<String> jvmOptions, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", "-c", setup + " && exec \"$@\"", "bash"));
		command.addAll(java(jvmOptions, args));
		return new ServerProcess(command);
	}

	private static List<String> java(List<String> jvmOptions, String... args) {
		List<String> java = new ArrayList<>(List.of(PackagedJar.javaBin()));
		java.addAll(jvmOptions);
		java.addAll(List.of("-jar", PackagedJar.JAR.toString(), "--upcase.tcp.port=0", "--server.port=0",
				"--spring.security.user.password=x"));
		java.addAll(List.of(args));
		return java;
	}

	/** The server once it listens; a server that does not is stopped, not left running after the test. */
	private static ServerProcess listening(ServerProcess server) throws InterruptedException {
		try {
			server.awaitListening();
			return server;
		}
		catch (InterruptedException | RuntimeException | Error ex) {
			server.close();
			throw ex;
		}
	}

	/**
	 * Waits for the "Listening" line: up to five minutes, as a start takes 10–15 s on a quiet machine and well over
	 * a minute on one loaded far past its cores (2 cores shared by several builds).
	 */
	private void awaitListening() throws InterruptedException {
		assertThat(this.listening.await(300, TimeUnit.SECONDS)).as("server listening:\n%s", log()).isTrue();
	}

	private void pumpLog() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				this.log.add(line);
				Matcher http = HTTP.matcher(line);
				if (http.find()) {
					this.httpPort = Integer.parseInt(http.group(1));
				}
				Matcher matcher = LISTENING.matcher(line);
				if (matcher.find()) {
					this.tcpPort = Integer.parseInt(matcher.group(1));
					this.listening.countDown();
				}
			}
		}
		catch (IOException ex) {
			// the process ended
		}
	}

	int tcpPort() {
		return this.tcpPort;
	}

	/** @return the HTTP (Actuator) port, known once the server listens for TCP clients */
	int httpPort() {
		return this.httpPort;
	}

	/** @return the status code of a GET on the Actuator port, without credentials */
	int httpStatus(String path) throws IOException, InterruptedException {
		java.net.http.HttpResponse<Void> response = java.net.http.HttpClient.newHttpClient()
			.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + this.httpPort + path))
				.timeout(java.time.Duration.ofSeconds(10))
				.build(), java.net.http.HttpResponse.BodyHandlers.discarding());
		return response.statusCode();
	}

	long pid() {
		return this.process.pid();
	}

	/** @return the process's CPU time so far (user + system), from /proc */
	long cpuMillis() throws IOException {
		String[] stat = Files.readString(Path.of("/proc", String.valueOf(pid()), "stat")).split("\\) ", 2)[1].split(" ");
		long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]); // utime, stime (fields 14 and 15)
		return ticks * 10; // USER_HZ is 100 on Linux
	}

	String log() {
		return String.join("\n", this.log);
	}

	List<String> logLines() {
		return List.copyOf(this.log);
	}

	/** Sends SIGTERM, as {@code docker stop} and Kubernetes do. */
	void terminate() {
		this.process.toHandle().destroy();
	}

	int waitForExit(long seconds) throws InterruptedException {
		assertThat(this.process.waitFor(seconds, TimeUnit.SECONDS)).as("exited within %d s", seconds).isTrue();
		return this.process.exitValue();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
