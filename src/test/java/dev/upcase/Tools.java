package dev.upcase;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The machine's command-line tools that some tests drive (openssl, python3, nc): whether one is there. */
public final class Tools {

	private Tools() {
	}

	/** @return whether {@code tool} is an executable on the {@code PATH} */
	public static boolean onPath(String tool) {
		return List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.stream()
			.anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
	}

}
