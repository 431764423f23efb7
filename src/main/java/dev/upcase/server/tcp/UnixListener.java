package dev.upcase.server.tcp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import dev.upcase.server.transport.EventLoops;
import dev.upcase.server.transport.ListenerSetupException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a Unix-domain socket file ({@code upcase.unix.path}). The file appears with its final permissions
 * already set, and no other user can reach it before: the socket is bound in a directory of its own that the server
 * has just created next to the path ({@code path~}, mode 700, on the same file system), given
 * {@code upcase.unix.mode} there, then renamed into place, and the directory removed. Binding gives the socket file
 * the mode the umask leaves (with umask 000: anyone may connect), but connecting needs search permission on every
 * directory of the path, which in a 700 directory only the server's user has — so the moment between bind and
 * chmod is harmless, whatever the process's umask, and the process's umask is never changed (it is the whole
 * process's, every thread's). A file left by a crashed server is replaced; a server still listening on it is not
 * (startup fails and says so). The file is removed when the endpoint stops, unless another server has replaced it
 * meanwhile.
 */
final class UnixListener implements StreamListener {

	private static final Logger log = LoggerFactory.getLogger(UnixListener.class);

	private final Path path;

	/** The directory the socket is bound in: {@code path~}, created for each bind, removed once the file is moved. */
	private final Path bindDirectory;

	private final Path bindPath;

	private final Set<PosixFilePermission> permissions;

	private final String mode;

	/** The socket file this server created (its inode), so that it removes that one and no other. */
	private volatile @Nullable Object fileKey;

	UnixListener(UnixSocketProperties properties) {
		this.path = Objects.requireNonNull(properties.path(), "upcase.unix.path").toAbsolutePath();
		this.bindDirectory = this.path.resolveSibling(this.path.getFileName() + "~");
		this.bindPath = this.bindDirectory.resolve("s"); // short: the kernel limits a socket path to 107 bytes
		this.mode = properties.mode();
		this.permissions = permissions(properties.mode());
		checkPlace();
	}

	/**
	 * Fails startup when the path cannot be ours: a live server on it, a file that is not a socket, a directory that
	 * cannot be created, or no Unix-domain sockets on this platform.
	 */
	private void checkPlace() {
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			if (Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
				if (Files.isRegularFile(this.path, LinkOption.NOFOLLOW_LINKS) || Files.isDirectory(this.path,
						LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(this.path)) {
					throw new ListenerSetupException("upcase.unix.path=" + this.path + " exists and is not a socket",
							"Remove it if it is not needed, or choose another upcase.unix.path");
				}
				if (live(probe)) {
					throw new ListenerSetupException("another server is listening on the Unix socket " + this.path,
							"Stop it, or choose another upcase.unix.path");
				}
				log.info("Replacing the stale Unix socket {} (no server listens on it)", this.path);
			}
			Files.createDirectories(this.path.getParent());
		}
		catch (UnsupportedOperationException ex) {
			throw new ListenerSetupException("Unix-domain sockets are not available on this platform (upcase.unix.path="
					+ this.path + ")", "Remove upcase.unix.path, or run on Linux, macOS or Windows 10+");
		}
		catch (AccessDeniedException ex) {
			throw new ListenerSetupException("cannot create the directory of upcase.unix.path=" + this.path
					+ ": permission denied", "Create " + this.path.getParent()
							+ " for the server's user first, or choose another upcase.unix.path");
		}
		catch (IOException ex) {
			throw new ListenerSetupException("cannot use upcase.unix.path=" + this.path + ": " + ex.getMessage(),
					"Choose another upcase.unix.path");
		}
	}

	private boolean live(SocketChannel probe) throws IOException {
		try {
			probe.connect(UnixDomainSocketAddress.of(this.path));
			return true;
		}
		catch (ConnectException ex) {
			return false; // refused: a socket file nobody listens on any more
		}
	}

	@Override
	public Class<? extends ServerChannel> channelType(EventLoops loops) {
		return loops.serverDomainSocketChannel();
	}

	@Override
	public void configure(ServerBootstrap bootstrap) {
	}

	@Override
	public SocketAddress bindAddress(EventLoops loops) {
		try {
			removeBindDirectory(); // left by a crash between bind and rename
			Files.createDirectory(this.bindDirectory); // fails if anyone made it meanwhile: it is ours, and new
			if (Files.getFileStore(this.bindDirectory).supportsFileAttributeView("posix")) {
				// mkdir's mode is what the umask leaves of 777; chmod's is not masked
				Files.setPosixFilePermissions(this.bindDirectory, PosixFilePermissions.fromString("rwx------"));
			}
		}
		catch (IOException ex) {
			throw new ListenerSetupException("cannot create " + this.bindDirectory + " to bind the Unix socket in: "
					+ ex, "Remove it if it is left over, or check the directory's permissions, or choose another "
							+ "upcase.unix.path");
		}
		return loops.domainSocketAddress(this.bindPath);
	}

	/**
	 * Removes {@code path~} if it is a directory (never following a link) holding at most the socket {@code s}:
	 * what a crash between bind and rename leaves. Anything else there stops the start (its creation fails).
	 */
	private void removeBindDirectory() throws IOException {
		if (Files.isDirectory(this.bindDirectory, LinkOption.NOFOLLOW_LINKS)) {
			Files.deleteIfExists(this.bindPath);
			Files.delete(this.bindDirectory);
		}
	}

	@Override
	public String bound(Channel server) {
		try {
			if (Files.getFileStore(this.bindPath).supportsFileAttributeView("posix")) {
				Files.setPosixFilePermissions(this.bindPath, this.permissions);
			}
			else {
				log.warn("{} cannot have permissions {}: its file system has no POSIX permissions", this.path,
						this.mode);
			}
			Files.move(this.bindPath, this.path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			this.fileKey = Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.fileKey();
			Files.delete(this.bindDirectory);
		}
		catch (IOException ex) {
			server.close();
			removeBindDirectoryQuietly();
			throw new ListenerSetupException("cannot put the Unix socket in place at " + this.path + ": " + ex,
					"Check the directory's permissions, or choose another upcase.unix.path");
		}
		return this.path.toString();
	}

	private void removeBindDirectoryQuietly() {
		try {
			removeBindDirectory();
		}
		catch (IOException ex) {
			log.warn("Cannot remove {}: {}", this.bindDirectory, ex.toString());
		}
	}

	@Override
	public void closed() {
		removeBindDirectoryQuietly(); // a bind that failed (e.g. the socket could not be bound) leaves it
		Object ours = this.fileKey;
		this.fileKey = null;
		try {
			if (ours != null && ours.equals(Files.readAttributes(this.path, BasicFileAttributes.class,
					LinkOption.NOFOLLOW_LINKS).fileKey())) {
				Files.delete(this.path);
			}
		}
		catch (IOException ex) {
			// gone already, or replaced: not ours to remove
		}
	}

	@Override
	public void initConnection(Channel channel) {
	}

	/**
	 * A Unix socket's client has no address; the kernel tells its process and user instead (epoll transport),
	 * which is what an operator wants to know.
	 */
	@Override
	public Peer peer(Channel channel) {
		String display = "unix";
		if (channel instanceof EpollDomainSocketChannel domain) {
			try {
				PeerCredentials credentials = domain.peerCredentials();
				display = "unix:pid=" + credentials.pid() + ",uid=" + credentials.uid();
			}
			catch (IOException ex) {
				// the client is already gone: its close will be told
			}
		}
		return new Peer("unix", 0, display, 0);
	}

	private static Set<PosixFilePermission> permissions(String octal) {
		int bits = Integer.parseInt(octal, 8);
		Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
		PosixFilePermission[] order = { PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_READ };
		for (int bit = 0; bit < order.length; bit++) {
			if ((bits & (1 << bit)) != 0) {
				permissions.add(order[bit]);
			}
		}
		return permissions;
	}

}
