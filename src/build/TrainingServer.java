import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The counterpart of the client's training run at build time (client-class-data.sh): answers every read on a
 * loopback port with its bytes uppercased, so that the client goes through a whole exchange and its class-data
 * archive holds every class a call loads. A stand-in that starts in a second, where the real server takes several;
 * run from source (java TrainingServer.java PORT_FILE), it writes its port into PORT_FILE and stops after a minute.
 */
public class TrainingServer {

	public static void main(String[] args) throws IOException {
		try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
			server.setSoTimeout(60_000);
			Path portFile = Path.of(args[0]);
			Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), server.getLocalPort() + "\n");
			Files.move(portFile.resolveSibling(portFile.getFileName() + ".tmp"), portFile,
					StandardCopyOption.ATOMIC_MOVE);
			while (true) {
				try (Socket client = server.accept()) {
					client.setSoTimeout(30_000);
					InputStream in = client.getInputStream();
					OutputStream out = client.getOutputStream();
					byte[] buffer = new byte[65536];
					for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
						out.write(new String(buffer, 0, n, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT)
							.getBytes(StandardCharsets.UTF_8));
						out.flush();
					}
				}
			}
		}
	}

}
